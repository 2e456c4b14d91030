/// A value `JobEventCodec` can read straight from bytes with `JSONReader`, bypassing Codable.
///
/// Each conformance reads exactly what the type's Codable conformance reads: the same keys, required
/// fields required, optional fields absent or null, unknown keys skipped.
protocol FastDecodable {
    init(reading reader: inout JSONReader) throws
}

extension JSONReader {
    mutating func read<T: FastDecodable>(_: T.Type = T.self) throws -> T {
        try T(reading: &self)
    }

    /// A required field that was not in the object.
    func missing(_ name: String) -> Unsupported {
        unsupported("missing \(name)")
    }
}

/// Unwraps a required field.
func required<T>(_ value: T?, _ name: String, _ reader: borrowing JSONReader) throws -> T {
    guard let value else { throw reader.missing(name) }
    return value
}

extension JSONReader {
    mutating func readOptionalString() throws -> String? { readNull() ? nil : try readString() }
    mutating func readOptionalInt() throws -> Int? { readNull() ? nil : try readInt() }
    mutating func readOptionalJSON() throws -> JSONValue? { readNull() ? nil : try readJSONValue() }
    mutating func readStrings() throws -> [String] { try readArray { try $0.readString() } }
}

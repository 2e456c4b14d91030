import KomfyEvents

/// Values written as Python writes them, for the texts copied from ComfyUI's `node_errors`
/// (`'invalid' not in ['euler', 'heun']`, `Value 0 smaller than min of 1`), so clients that match on
/// ComfyUI's wording see the same text.
enum PythonText {
    /// `str(value)`.
    static func str(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return repr(value)
    }

    /// `repr(value)`.
    static func repr(_ value: JSONValue) -> String {
        switch value {
        case .null: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .int(let number): return String(number)
        case .uint(let number): return String(number)
        case .double(let number): return float(number)
        case .string(let text): return string(text)
        case .array(let elements): return "[" + elements.map(repr).joined(separator: ", ") + "]"
        case .object(let members):
            let items = members.keys.sorted().map { "\(string($0)): \(repr(members[$0]!))" }
            return "{" + items.joined(separator: ", ") + "}"
        }
    }

    /// Python's float repr: `1.0`, `0.5`, `1e-05`, `inf`, `nan`.
    private static func float(_ number: Double) -> String {
        if number.isNaN { return "nan" }
        if number.isInfinite { return number < 0 ? "-inf" : "inf" }
        if number == number.rounded(), abs(number) < 1e16 { return String(Int64(number)) + ".0" }
        return String(number)
    }

    /// Single quotes unless the text holds one and no double quote, as Python picks.
    private static func string(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var result = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where Character(scalar) == quote: result += "\\" + String(quote)
            case _ where scalar.value < 0x20 || scalar.value == 0x7f:
                let hex = String(scalar.value, radix: 16)
                result += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        result.append(quote)
        return result
    }
}

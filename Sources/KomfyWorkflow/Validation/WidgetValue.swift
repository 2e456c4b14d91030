import KomfyEvents

/// A widget value as ComfyUI reads it before checking bounds: `int(value)` for `INT` inputs and
/// `float(value)` for `FLOAT` ones. Python converts more than JSON numbers (`"12"`, `true`, `7.9`
/// truncated to 7), and clients rely on it, so the validator accepts exactly what Python does.
enum WidgetValue {
    /// `int(value)`: whole numbers, numbers truncated toward zero, booleans, and strings of an
    /// integer; `nil` when Python would raise.
    static func int(_ value: JSONValue) -> JSONValue? {
        switch value {
        case .int, .uint: return value
        case .double(let number):
            guard number.isFinite else { return nil }
            let whole = number.rounded(.towardZero)
            if let exact = Int64(exactly: whole) { return .int(exact) }
            if let exact = UInt64(exactly: whole) { return .uint(exact) }
            return .double(whole)
        case .bool(let flag): return .int(flag ? 1 : 0)
        case .string(let text): return integer(in: text)
        default: return nil
        }
    }

    /// `float(value)`: numbers, booleans, and strings of a decimal number, `inf` or `nan`.
    static func float(_ value: JSONValue) -> JSONValue? {
        switch value {
        case .int, .uint, .double: return .double(value.doubleValue!)
        case .bool(let flag): return .double(flag ? 1 : 0)
        case .string(let text):
            let trimmed = text.trimmingPythonWhitespace.replacingUnderscoresBetweenDigits
            guard !trimmed.isEmpty, !trimmed.contains(where: { $0 == "x" || $0 == "X" }),
                  let number = Double(trimmed)
            else { return nil }
            return .double(number)
        default: return nil
        }
    }

    /// Whether a converted number lies below `bound`, comparing integers exactly.
    static func isBelow(_ value: JSONValue, _ bound: Double) -> Bool {
        compare(value, bound) < 0
    }

    static func isAbove(_ value: JSONValue, _ bound: Double) -> Bool {
        compare(value, bound) > 0
    }

    private static func compare(_ value: JSONValue, _ bound: Double) -> Int {
        switch value {
        case .int(let number):
            if let exact = Int64(exactly: bound) { return number < exact ? -1 : (number > exact ? 1 : 0) }
        case .uint(let number):
            if let exact = UInt64(exactly: bound) { return number < exact ? -1 : (number > exact ? 1 : 0) }
            if bound < 0 { return 1 }
        default: break
        }
        guard let number = value.doubleValue, !number.isNaN else { return 0 }
        return number < bound ? -1 : (number > bound ? 1 : 0)
    }

    /// Python's `int(str)`: optional sign, decimal digits with single underscores between them,
    /// surrounding whitespace allowed.
    private static func integer(in text: String) -> JSONValue? {
        var body = Substring(text.trimmingPythonWhitespace)
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        guard let first = body.first, first.isASCII, first.isNumber, body.last?.isNumber == true,
              !body.contains("__"), body.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "_" })
        else { return nil }
        let digits = body.filter { $0 != "_" }
        if negative {
            guard let magnitude = Int64("-" + digits) else { return Double("-" + digits).map(JSONValue.double) }
            return .int(magnitude)
        }
        if let small = Int64(digits) { return .int(small) }
        if let large = UInt64(digits) { return .uint(large) }
        return Double(digits).map(JSONValue.double)
    }
}

extension String {
    fileprivate var trimmingPythonWhitespace: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }

    fileprivate var replacingUnderscoresBetweenDigits: String {
        guard contains("_") else { return self }
        let characters = Array(self)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character == "_", index > 0, index < characters.count - 1,
               characters[index - 1].isNumber, characters[index + 1].isNumber {
                continue
            }
            result.append(character)
        }
        return result
    }
}

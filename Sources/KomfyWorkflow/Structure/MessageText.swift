import KomfyEvents

/// Renders user data inside issue messages so that every message stays one readable line whatever
/// the prompt contains.
enum MessageText {
    /// A node id as written after "Node ": bare when it is plain text, JSON-quoted when it is empty
    /// or holds spaces, quotes or control characters that would blur where the id ends.
    static func nodeID(_ id: String) -> String {
        let plain = !id.isEmpty && id.unicodeScalars.allSatisfy { scalar in
            !scalar.properties.isWhitespace && scalar.properties.generalCategory != .control
                && scalar != "\"" && scalar != "\\"
        }
        return plain ? id : json(.string(id))
    }

    /// A name (input, class type) with control characters escaped, for use inside quotes.
    static func name(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) { appendEscaped(scalar, to: &escaped) } else { escaped.unicodeScalars.append(scalar) }
        }
        return escaped
    }

    /// Compact JSON text for short values, with ", " between array elements as the docs write links.
    static func json(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .uint(let value): return String(value)
        case .double(let value): return number(value)
        case .string(let value):
            var quoted = "\""
            for scalar in value.unicodeScalars { appendEscaped(scalar, to: &quoted) }
            return quoted + "\""
        case .array(let elements): return "[" + elements.map(json).joined(separator: ", ") + "]"
        case .object: return "{...}"
        }
    }

    /// A number as JSON writers print it: whole doubles without a fraction, as `1` rather than `1.0`.
    static func number(_ value: Double) -> String {
        if let whole = Int64(exactly: value) { return String(whole) }
        return String(value)
    }

    /// "a string", "an array", ...: what a value was, for "got ..." in messages.
    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .uint, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control
    }

    private static func appendEscaped(_ scalar: Unicode.Scalar, to text: inout String) {
        switch scalar {
        case "\"": text += "\\\""
        case "\\": text += "\\\\"
        case "\n": text += "\\n"
        case "\r": text += "\\r"
        case "\t": text += "\\t"
        default:
            if isControl(scalar) {
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
    }
}

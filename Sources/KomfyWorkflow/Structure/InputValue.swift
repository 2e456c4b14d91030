import KomfyEvents

/// How the structural check reads one input value of a node.
///
/// ComfyUI treats `["node_id", output_index]` (a string and a number) as a link to another node's
/// output. Lists are also plain values for some widget inputs (and for custom nodes), so only arrays
/// that look like an attempted link are flagged:
/// - `["1", 0]`: a link (a whole double such as `0.0` counts as the integer).
/// - `[1, 0]`, `[1.0, 2]`: a number where the node id belongs, with an integer index: flagged.
/// - `["1", -1]`, `["1", 0.5]`: a string id with an index that is not a whole number of 0 or more: flagged.
/// - anything else (other lengths, `["a", "b"]`, `[1, 0.5]`, `["1", true]`): a plain value, not checked.
enum InputValue: Equatable {
    case link(nodeID: String, outputIndex: UInt64)
    /// A link written with a number for the node id, e.g. `[1, 1]`.
    case numericNodeID(written: JSONValue)
    /// A string node id with a negative or fractional output index, e.g. `["1", -1]`.
    case invalidOutputIndex(written: JSONValue)
    case plain

    init(_ value: JSONValue) {
        guard case .array(let elements) = value, elements.count == 2 else {
            self = .plain
            return
        }
        let index = elements[1]
        switch elements[0] {
        case .string(let nodeID):
            guard index.isNumber else {
                self = .plain
                return
            }
            if let outputIndex = index.outputIndex {
                self = .link(nodeID: nodeID, outputIndex: outputIndex)
            } else {
                self = .invalidOutputIndex(written: value)
            }
        case .int, .uint, .double:
            self = index.isWholeNumber ? .numericNodeID(written: value) : .plain
        default:
            self = .plain
        }
    }
}

extension JSONValue {
    fileprivate var isNumber: Bool {
        switch self {
        case .int, .uint, .double: return true
        default: return false
        }
    }

    fileprivate var isWholeNumber: Bool {
        switch self {
        case .int, .uint: return true
        case .double(let value): return value.isFinite && value.rounded(.towardZero) == value
        default: return false
        }
    }

    /// The value as an output index: a whole number of 0 or more.
    fileprivate var outputIndex: UInt64? {
        switch self {
        case .int(let value): return value >= 0 ? UInt64(value) : nil
        case .uint(let value): return value
        case .double(let value): return UInt64(exactly: value)
        default: return nil
        }
    }
}

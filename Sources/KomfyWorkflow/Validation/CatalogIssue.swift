import KomfyEvents

/// One problem the validator found, in two voices: Komfy's one-line `message` for the person who
/// wrote the workflow, and ComfyUI's own error entry (`type`, `message`, `details`, `extra_info`)
/// for clients that read `node_errors` as ComfyUI's `/prompt` returns them.
struct CatalogIssue: Sendable, Hashable {
    /// The node it is about; `nil` for the prompt as a whole.
    var nodeID: String?
    var input: String?
    /// ComfyUI's error type, e.g. `value_not_in_list`.
    var type: String
    /// Komfy's message: one line, starting `Node <id>: ` when about a node.
    var message: String
    /// ComfyUI's fixed message for the type, e.g. `Value not in list`.
    var comfyMessage: String
    /// ComfyUI's `details` text, e.g. `sampler_name: 'invalid' not in [...]`.
    var comfyDetails: String
    var extraInfo: [String: JSONValue]
    /// The plan limit broken, when the issue is one: `{name, limit, value}`.
    var limit: JSONValue?

    init(
        nodeID: String?, input: String? = nil, type: String, message: String, comfyMessage: String,
        comfyDetails: String, extraInfo: [String: JSONValue] = [:], limit: JSONValue? = nil
    ) {
        self.nodeID = nodeID
        self.input = input
        self.type = type
        self.message = message
        self.comfyMessage = comfyMessage
        self.comfyDetails = comfyDetails
        self.extraInfo = extraInfo
        self.limit = limit
    }

    /// The entry of `node_errors[id].errors` (or of the top-level `error`), in ComfyUI's shape.
    var comfyEntry: JSONValue {
        [
            "type": .string(type),
            "message": .string(comfyMessage),
            "details": .string(comfyDetails),
            "extra_info": .object(extraInfo),
        ]
    }
}

import KomfyEvents

// Every issue the structural check reports is built here, so the wording stays consistent and
// docs/validation.md can be checked against one place.
extension StructureIssue {
    static func promptNotObject(_ prompt: JSONValue) -> StructureIssue {
        StructureIssue(
            code: .invalidPrompt,
            message: "The prompt must be a JSON object of node ids to nodes, got \(MessageText.kind(prompt))"
        )
    }

    static let promptEmpty = StructureIssue(
        code: .invalidPrompt,
        message: "The prompt has no nodes: it must be a JSON object of node ids to nodes"
    )

    static let uiFormatWorkflow = StructureIssue(
        code: .uiFormatWorkflow,
        message: "This is a workflow saved with \"Save\" (it has \"nodes\" and \"links\"), not the API format: "
            + "in ComfyUI export it with \"Save (API Format)\" instead (if that menu entry is missing, "
            + "enable the dev mode options in ComfyUI's settings first)"
    )

    static let emptyNodeID = StructureIssue(
        code: .invalidNode,
        message: "Node \"\": node ids must not be empty; use ids such as \"1\"",
        nodeID: ""
    )

    static func nodeNotObject(_ id: String, _ node: JSONValue) -> StructureIssue {
        invalidNode(id, "a node must be an object with \"class_type\" and \"inputs\", got \(MessageText.kind(node))")
    }

    static func classTypeMissing(_ id: String) -> StructureIssue {
        invalidNode(id, "\"class_type\" is missing: set it to the node's type, such as \"KSampler\"")
    }

    static func classTypeNotString(_ id: String, _ classType: JSONValue) -> StructureIssue {
        invalidNode(id, "\"class_type\" must be a string such as \"KSampler\", got \(MessageText.kind(classType))")
    }

    static func classTypeEmpty(_ id: String) -> StructureIssue {
        invalidNode(id, "\"class_type\" is empty: set it to the node's type, such as \"KSampler\"")
    }

    static func inputsMissing(_ id: String) -> StructureIssue {
        invalidNode(id, "\"inputs\" is missing: give the node's inputs as an object, {} if it has none")
    }

    static func inputsNotObject(_ id: String, _ inputs: JSONValue) -> StructureIssue {
        invalidNode(id, "\"inputs\" must be an object of input names to values, got \(MessageText.kind(inputs))")
    }

    static func numericNodeID(_ id: String, input: String, written: JSONValue) -> StructureIssue {
        guard case .array(let elements) = written, elements.count == 2, elements[1].isNonNegativeNumber else {
            return invalidConnection(
                id, input: input,
                "write [\"node_id\", output_index] with a string id and an index of 0 or more, not \(MessageText.json(written))"
            )
        }
        let fixed = JSONValue.array([.string(MessageText.json(elements[0])), elements[1]])
        return invalidConnection(
            id, input: input,
            "node ids are strings, write \(MessageText.json(fixed)) instead of \(MessageText.json(written))"
        )
    }

    static func invalidOutputIndex(_ id: String, input: String, written: JSONValue) -> StructureIssue {
        invalidConnection(
            id, input: input,
            "the output index must be a whole number of 0 or more, got \(MessageText.json(written))"
        )
    }

    static func missingNode(_ id: String, input: String, target: String) -> StructureIssue {
        StructureIssue(
            code: .missingNode,
            message: "Node \(MessageText.nodeID(id)): input '\(MessageText.name(input))' links to node "
                + "\(MessageText.nodeID(target)), which is not in the prompt",
            nodeID: id, input: input
        )
    }

    static func badOutputIndex(
        _ id: String, input: String, target: String, classType: String, outputIndex: UInt64, outputCount: Int
    ) -> StructureIssue {
        let available =
            switch outputCount {
            case 0: "which has no outputs"
            case 1: "which has only output 0"
            default: "which has outputs 0 to \(outputCount - 1)"
            }
        return StructureIssue(
            code: .badOutputIndex,
            message: "Node \(MessageText.nodeID(id)): input '\(MessageText.name(input))' links to output "
                + "\(outputIndex) of node \(MessageText.nodeID(target)) (\(MessageText.name(classType))), \(available)",
            nodeID: id, input: input
        )
    }

    /// `path` lists the cycle from its first node in link order (each node takes an input from the
    /// next, the last from the first); `input` is the first node's input that starts it.
    static func dependencyCycle(path: [String], input: String) -> StructureIssue {
        let first = MessageText.nodeID(path[0])
        let message =
            if path.count == 1 {
                "Node \(first): Dependency cycle \(first) -> \(first) (input "
                    + "'\(MessageText.name(input))' links to the node's own output): remove that link"
            } else {
                "Node \(first): Dependency cycle \(cycleText(path)) (each node takes an "
                    + "input from the next): remove one of these links"
            }
        return StructureIssue(code: .dependencyCycle, message: message, nodeID: path[0], input: input)
    }

    static let promptNoOutputs = StructureIssue(
        code: .promptNoOutputs,
        message: "Prompt has no outputs: add an output node such as SaveImage or PreviewImage"
    )

    /// Long cycles are shortened so the message stays one readable line; the count keeps it honest.
    static let longestCycleShownInFull = 12

    private static func cycleText(_ path: [String]) -> String {
        let ids = path.map(MessageText.nodeID)
        guard ids.count > longestCycleShownInFull else { return (ids + [ids[0]]).joined(separator: " -> ") }
        let shown = ids.prefix(8) + ["..."] + ids.suffix(3) + [ids[0]]
        return "of \(ids.count) nodes " + shown.joined(separator: " -> ")
    }

    private static func invalidNode(_ id: String, _ problem: String) -> StructureIssue {
        StructureIssue(code: .invalidNode, message: "Node \(MessageText.nodeID(id)): \(problem)", nodeID: id)
    }

    private static func invalidConnection(_ id: String, input: String, _ problem: String) -> StructureIssue {
        StructureIssue(
            code: .invalidNodeConnection,
            message: "Node \(MessageText.nodeID(id)): Invalid node connection in input '\(MessageText.name(input))': \(problem)",
            nodeID: id, input: input
        )
    }
}

extension JSONValue {
    fileprivate var isNonNegativeNumber: Bool {
        switch self {
        case .int(let value): return value >= 0
        case .uint: return true
        case .double(let value): return value >= 0
        default: return false
        }
    }
}

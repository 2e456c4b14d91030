import KomfyEvents

/// Turns the issues of a rejected workflow into the `JobError` that `JobRejected` carries.
///
/// - `message`: the first issue's one line (issues are in node id order, prompt-wide ones last),
///   with how many more there are, e.g. `Node 5: Invalid sampler_name 'invalid'`.
/// - `nodeID`: the first issue's node.
/// - `details`: `{"error": {...}, "node_errors": {...}, "messages": [...]}`, the first two in the
///   shape of ComfyUI's `/prompt` error response, so Komfy's `/prompt` can return them as they are;
///   `messages` lists every issue's line; `limit` (`{name, limit, value}`) names the first plan
///   limit broken, when one was.
struct Rejection {
    let issues: [CatalogIssue]
    let graph: PromptGraph?
    let outputs: [Int]

    init(issues: [CatalogIssue], graph: PromptGraph? = nil, outputs: [Int] = []) {
        self.issues = issues
        self.graph = graph
        self.outputs = outputs
    }

    var error: JobError {
        let first = issues[0]
        let more = issues.count - 1
        let message = more == 0 ? first.message : "\(first.message) (and \(more) more error\(more == 1 ? "" : "s"))"
        var details: [String: JSONValue] = [
            "error": topLevelError,
            "node_errors": .object(nodeErrors),
            "messages": .array(issues.map { .string($0.message) }),
        ]
        if let limit = issues.lazy.compactMap(\.limit).first { details["limit"] = limit }
        return JobError(code: .workflowError, message: message, nodeID: first.nodeID, details: .object(details))
    }

    /// ComfyUI's top-level `error`: a prompt-wide issue itself, or `prompt_outputs_failed_validation`
    /// listing the node issues as ComfyUI's `details` does.
    private var topLevelError: JSONValue {
        if let promptWide = issues.first(where: { $0.nodeID == nil }), issues.allSatisfy({ $0.nodeID == nil }) {
            return promptWide.comfyEntry
        }
        let lines = issues.map { "\($0.comfyMessage): \($0.comfyDetails)" }.joined(separator: "\n")
        return [
            "type": "prompt_outputs_failed_validation",
            "message": "Prompt outputs failed validation",
            "details": .string(lines),
            "extra_info": [:],
        ]
    }

    private var nodeErrors: [String: JSONValue] {
        let failing = Set(issues.compactMap { issue in issue.nodeID.flatMap { graph?.positionOf[$0] } })
        let dependents = graph.map { $0.dependentOutputs(of: failing, outputs: outputs) } ?? [:]
        var errors: [String: [JSONValue]] = [:]
        var order: [String] = []
        for issue in issues {
            guard let id = issue.nodeID else { continue }
            if errors[id] == nil { order.append(id) }
            errors[id, default: []].append(issue.comfyEntry)
        }
        var result: [String: JSONValue] = [:]
        for id in order {
            let position = graph?.positionOf[id]
            result[id] = [
                "errors": .array(errors[id]!),
                "dependent_outputs": .array((position.flatMap { dependents[$0] } ?? []).map { .string(graph!.ids[$0]) }),
                "class_type": .string(position.map { graph!.classTypes[$0] } ?? ""),
            ]
        }
        return result
    }

    /// The structural issues of `WorkflowStructure.check`, with their codes as error types.
    static func structural(_ issues: [StructureIssue], prompt: JSONValue) -> JobError {
        let nodes = prompt.objectValue ?? [:]
        let converted = issues.map { issue in
            CatalogIssue(
                nodeID: issue.nodeID, input: issue.input, type: issue.code.rawValue, message: issue.message,
                comfyMessage: issue.message, comfyDetails: issue.input ?? "",
                extraInfo: issue.input.map { ["input_name": .string($0)] } ?? [:]
            )
        }
        var error = Rejection(issues: converted).error
        // Without a graph, fill class_type from the prompt where the node has one.
        if case .object(var details) = error.details, case .object(var nodeErrors) = details["node_errors"] {
            for (id, entry) in nodeErrors {
                guard case .object(var fields) = entry, let classType = nodes[id]?["class_type"]?.stringValue else { continue }
                fields["class_type"] = .string(classType)
                nodeErrors[id] = .object(fields)
            }
            details["node_errors"] = .object(nodeErrors)
            error.details = .object(details)
        }
        return error
    }
}

import Foundation
import KomfyEvents
import KomfyWorkflow

/// The body of `POST /v1/jobs`, checked: everything the structural checks can say without the node
/// catalog has been said by the time one of these exists.
struct SubmitRequest: Sendable {
    var prompt: JSONValue
    var webhookURL: String?
    var priority: Int
    var metadata: JSONValue?
    /// The prompt's output nodes the structural check recognised.
    var outputNodeIDs: [String]

    static let priorityRange = -100...100

    /// Parses and checks a request body, or throws the 400 that tells the client what to fix.
    static func parse(_ body: Data) throws(APIError) -> SubmitRequest {
        let object: [String: JSONValue]
        do {
            let value = try JSONValue.parse(body)
            guard case .object(let fields) = value else {
                throw APIError(.badRequest, "invalid_request", "The body must be a JSON object like {\"prompt\": {...}}.")
            }
            object = fields
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(.badRequest, "invalid_json", "The body is not valid JSON: \(Self.describe(error))")
        }
        return try check(object)
    }

    /// Checks the fields of a submission, from an HTTP body or a `SubmitJob` command alike.
    static func check(_ object: [String: JSONValue]) throws(APIError) -> SubmitRequest {
        guard let prompt = object["prompt"] else {
            throw APIError(.badRequest, "invalid_request",
                           "Missing 'prompt': send {\"prompt\": {<node id>: {\"class_type\": ..., \"inputs\": {...}}}} (ComfyUI's API format).")
        }
        let report = WorkflowStructure.check(prompt)
        if let first = report.issues.first {
            throw APIError(.badRequest, "invalid_workflow", first.message, details: .object([
                "issues": .array(report.issues.map(Self.describe)),
            ]))
        }
        let webhookURL = try webhook(object)
        var priority = 0
        switch object["priority"] {
        case nil, .null?: break
        case .int(let value)? where priorityRange.contains(Int(value)): priority = Int(value)
        default:
            throw APIError(.badRequest, "invalid_request",
                           "'priority' must be an integer from \(priorityRange.lowerBound) to \(priorityRange.upperBound); higher runs first.")
        }
        var metadata: JSONValue?
        switch object["metadata"] {
        case nil, .null?: break
        case .object?: metadata = object["metadata"]
        default: throw APIError(.badRequest, "invalid_request", "'metadata' must be a JSON object.")
        }
        return SubmitRequest(prompt: prompt, webhookURL: webhookURL, priority: priority, metadata: metadata,
                             outputNodeIDs: report.outputNodeIDs)
    }

    /// `webhook_url` or `webhook` (the seeds use both spellings); HTTPS only.
    private static func webhook(_ object: [String: JSONValue]) throws(APIError) -> String? {
        var urls: [String] = []
        for name in ["webhook_url", "webhook"] {
            switch object[name] {
            case nil, .null?: continue
            case .string(let url)?: urls.append(url)
            default: throw APIError(.badRequest, "invalid_webhook_url", "'\(name)' must be a string URL.")
            }
        }
        guard let url = urls.first else { return nil }
        if urls.count == 2, urls[0] != urls[1] {
            throw APIError(.badRequest, "invalid_webhook_url", "'webhook_url' and 'webhook' differ; send one of them.")
        }
        if let problem = WebhookURLCheck.problem(with: url) {
            throw APIError(.badRequest, "invalid_webhook_url", problem)
        }
        return url
    }

    private static func describe(_ issue: StructureIssue) -> JSONValue {
        var fields: [String: JSONValue] = ["code": .string(issue.code.rawValue), "message": .string(issue.message)]
        if let nodeID = issue.nodeID { fields["node_id"] = .string(nodeID) }
        if let input = issue.input { fields["input"] = .string(input) }
        return .object(fields)
    }

    private static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? context.debugDescription
        }
        return "\(error)"
    }
}

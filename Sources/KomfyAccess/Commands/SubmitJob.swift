import KomfyEvents

/// Run a workflow: the Kafka-native twin of `POST /v1/jobs`, with the same fields.
public struct SubmitJob: JobCommandBody {
    public static let commandType = "SubmitJob"

    public var commandID: String
    public var clientReference: String
    /// The ComfyUI API-format workflow: an object of nodes keyed by node id.
    public var prompt: JSONValue
    public var webhookURL: String?
    /// Higher runs first; 0 (normal) when absent.
    public var priority: Int?
    /// Partner data echoed back with the job.
    public var metadata: JSONValue?
    /// A repeat with the same key gets the original job, as with the HTTP `Idempotency-Key` header.
    public var idempotencyKey: String?

    public init(commandID: String, clientReference: String, prompt: JSONValue, webhookURL: String? = nil,
                priority: Int? = nil, metadata: JSONValue? = nil, idempotencyKey: String? = nil) {
        self.commandID = commandID
        self.clientReference = clientReference
        self.prompt = prompt
        self.webhookURL = webhookURL
        self.priority = priority
        self.metadata = metadata
        self.idempotencyKey = idempotencyKey
    }

    /// The shape only; the workflow itself is checked by the validator like any submitted job, and
    /// the webhook URL by ingest's webhook rules.
    public func problem() -> String? {
        if let problem = commonProblem() { return problem }
        guard let nodes = prompt.objectValue, !nodes.isEmpty else {
            return "body.prompt must be a ComfyUI API-format workflow: a non-empty object of nodes"
        }
        if let webhookURL, webhookURL.isEmpty { return "body.webhook_url must not be empty when present" }
        if let idempotencyKey, idempotencyKey.isEmpty || idempotencyKey.utf8.count > JobCommand.maximumIDLength {
            return "body.idempotency_key must be 1 to \(JobCommand.maximumIDLength) characters when present"
        }
        return nil
    }

    enum CodingKeys: String, CodingKey {
        case prompt, priority, metadata
        case commandID = "command_id"
        case clientReference = "client_reference"
        case webhookURL = "webhook_url"
        case idempotencyKey = "idempotency_key"
    }
}

/// A client asked for a job: the first event of every job.
public struct JobSubmitted: JobEventPayload {
    public static let eventType = "JobSubmitted"

    /// The tenant that owns the job; only its keys can see it.
    public var tenant: String
    /// The ComfyUI API-format workflow, exactly as submitted.
    public var prompt: JSONValue
    public var webhookURL: String?
    /// ComfyUI's `client_id`, so `/ws` clients get this job's messages.
    public var clientID: String?
    public var source: JobSource
    /// Higher runs first. 0 is normal.
    public var priority: Int
    public var idempotencyKey: String?
    public var requestID: String?
    /// The id of the API key that submitted the job (never the key itself).
    public var apiKeyID: String?
    /// The plan of that key (`free`, `pro`, `enterprise`), which sets the validator's workflow limits.
    public var plan: String?
    /// Client data echoed back with the job.
    public var metadata: JSONValue?

    public init(tenant: String, prompt: JSONValue, webhookURL: String? = nil, clientID: String? = nil,
                source: JobSource, priority: Int = 0, idempotencyKey: String? = nil, requestID: String? = nil,
                apiKeyID: String? = nil, plan: String? = nil, metadata: JSONValue? = nil) {
        self.tenant = tenant
        self.prompt = prompt
        self.webhookURL = webhookURL
        self.clientID = clientID
        self.source = source
        self.priority = priority
        self.idempotencyKey = idempotencyKey
        self.requestID = requestID
        self.apiKeyID = apiKeyID
        self.plan = plan
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case tenant, prompt, source, priority, metadata, plan
        case webhookURL = "webhook_url"
        case clientID = "client_id"
        case idempotencyKey = "idempotency_key"
        case requestID = "request_id"
        case apiKeyID = "api_key_id"
    }
}

/// A client asked to cancel a job. Before the job runs this cancels it; while it runs, the executor
/// interrupts it and appends `JobCancelled`.
public struct JobCancelRequested: JobEventPayload {
    public static let eventType = "JobCancelRequested"

    /// Who asked: an API key id, or `system`.
    public var by: String
    public var reason: String?

    public init(by: String, reason: String? = nil) {
        self.by = by
        self.reason = reason
    }
}

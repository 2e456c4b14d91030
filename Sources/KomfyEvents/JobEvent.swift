/// Every event of a job's stream on `komfy.job-events`, in the order of DESIGN.md section 3.
public enum JobEvent: Sendable, Hashable {
    case submitted(JobSubmitted)
    case cancelRequested(JobCancelRequested)
    case validated(JobValidated)
    case rejected(JobRejected)
    case modelsReady(JobModelsReady)
    case claimed(JobClaimed)
    case started(JobStarted)
    case nodeExecuting(NodeExecuting)
    case nodeProgress(NodeProgress)
    case nodesCached(NodesCached)
    case nodeExecuted(NodeExecuted)
    case leaseExpired(JobLeaseExpired)
    case executed(JobExecuted)
    case completed(JobCompleted)
    case failed(JobFailed)
    case cancelled(JobCancelled)
    case webhookDelivered(WebhookDelivered)
    case webhookFailed(WebhookFailed)

    /// Every payload type, the registry the codec decodes by.
    public static let payloadTypes: [any JobEventPayload.Type] = [
        JobSubmitted.self, JobCancelRequested.self, JobValidated.self, JobRejected.self, JobModelsReady.self,
        JobClaimed.self, JobStarted.self, NodeExecuting.self, NodeProgress.self, NodesCached.self,
        NodeExecuted.self, JobLeaseExpired.self, JobExecuted.self, JobCompleted.self, JobFailed.self,
        JobCancelled.self, WebhookDelivered.self, WebhookFailed.self,
    ]

    public init(_ payload: any JobEventPayload) {
        switch payload {
        case let p as JobSubmitted: self = .submitted(p)
        case let p as JobCancelRequested: self = .cancelRequested(p)
        case let p as JobValidated: self = .validated(p)
        case let p as JobRejected: self = .rejected(p)
        case let p as JobModelsReady: self = .modelsReady(p)
        case let p as JobClaimed: self = .claimed(p)
        case let p as JobStarted: self = .started(p)
        case let p as NodeExecuting: self = .nodeExecuting(p)
        case let p as NodeProgress: self = .nodeProgress(p)
        case let p as NodesCached: self = .nodesCached(p)
        case let p as NodeExecuted: self = .nodeExecuted(p)
        case let p as JobLeaseExpired: self = .leaseExpired(p)
        case let p as JobExecuted: self = .executed(p)
        case let p as JobCompleted: self = .completed(p)
        case let p as JobFailed: self = .failed(p)
        case let p as JobCancelled: self = .cancelled(p)
        case let p as WebhookDelivered: self = .webhookDelivered(p)
        case let p as WebhookFailed: self = .webhookFailed(p)
        default: preconditionFailure("\(Swift.type(of: payload)) is missing from JobEvent")
        }
    }

    public var payload: any JobEventPayload {
        switch self {
        case .submitted(let p): p
        case .cancelRequested(let p): p
        case .validated(let p): p
        case .rejected(let p): p
        case .modelsReady(let p): p
        case .claimed(let p): p
        case .started(let p): p
        case .nodeExecuting(let p): p
        case .nodeProgress(let p): p
        case .nodesCached(let p): p
        case .nodeExecuted(let p): p
        case .leaseExpired(let p): p
        case .executed(let p): p
        case .completed(let p): p
        case .failed(let p): p
        case .cancelled(let p): p
        case .webhookDelivered(let p): p
        case .webhookFailed(let p): p
        }
    }

    /// The `type` of the envelope and the `komfy-type` header, e.g. `JobSubmitted`.
    public var type: String { Swift.type(of: payload).eventType }

    public var schemaVersion: Int { Swift.type(of: payload).schemaVersion }
}

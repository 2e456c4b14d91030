import Foundation
import KomfyEvents
import KomfyJobs

/// One job as the read model keeps it: what the API answers with, in columns it can filter and sort
/// by. Derived from a `JobState`; never written any other way.
struct StoredJob: Sendable, Hashable {
    var jobID: UUID
    var tenant: String
    var apiKeyID: String?
    var status: JobStatus
    var phase: JobPhase
    var priority: Int
    var createdAt: Timestamp
    var startedAt: Timestamp?
    var completedAt: Timestamp?
    var executionTimeMs: Int64?
    var outputs: JobOutputs?
    var error: JobError?
    var metadata: JSONValue?
    var idempotencyKey: String?
    /// `SubmissionFingerprint` of the request when it carried an `Idempotency-Key`, to tell a retry
    /// from a reused key.
    var fingerprint: String?

    init(_ state: JobState) {
        jobID = state.jobID
        tenant = state.submission.tenant
        apiKeyID = state.submission.apiKeyID
        status = state.status
        phase = state.phase
        priority = state.submission.priority
        createdAt = state.createdAt
        startedAt = state.startedAt
        completedAt = state.completedAt
        executionTimeMs = state.executionTimeMs
        outputs = state.outputs
        error = state.error
        metadata = state.submission.metadata
        idempotencyKey = state.submission.idempotencyKey
        fingerprint = state.submission.idempotencyKey == nil ? nil : SubmissionFingerprint.of(state.submission)
    }

    init(jobID: UUID, tenant: String, apiKeyID: String?, status: JobStatus, phase: JobPhase, priority: Int,
         createdAt: Timestamp, startedAt: Timestamp?, completedAt: Timestamp?, executionTimeMs: Int64?,
         outputs: JobOutputs?, error: JobError?, metadata: JSONValue?, idempotencyKey: String?, fingerprint: String?) {
        self.jobID = jobID
        self.tenant = tenant
        self.apiKeyID = apiKeyID
        self.status = status
        self.phase = phase
        self.priority = priority
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.executionTimeMs = executionTimeMs
        self.outputs = outputs
        self.error = error
        self.metadata = metadata
        self.idempotencyKey = idempotencyKey
        self.fingerprint = fingerprint
    }
}

/// A short hash of what a submission asked for (prompt, webhook, priority, metadata), so a repeated
/// `Idempotency-Key` with a different request is refused instead of silently answered with the old job.
enum SubmissionFingerprint {
    static func of(_ submission: JobSubmitted) -> String {
        struct Fingerprinted: Encodable {
            var prompt: JSONValue
            var webhookURL: String?
            var priority: Int
            var metadata: JSONValue?
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = (try? encoder.encode(Fingerprinted(prompt: submission.prompt, webhookURL: submission.webhookURL,
                                                       priority: submission.priority, metadata: submission.metadata)))
            ?? Data()
        return EventID.uuidV5(namespace: EventID.namespace, name: String(decoding: bytes, as: UTF8.self)).uuidString
    }
}

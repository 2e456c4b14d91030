import Foundation
import KomfyAccess
import KomfyEvents
import KomfyJobs
import KomfyKafka
import KomfyRuntime

/// Turns an accepted request into `JobSubmitted` on `komfy.job-events` and answers only after the
/// broker acknowledged it, so a 202 means the job is in the log of record.
///
/// Idempotency needs no coordination between ingest instances: with an `Idempotency-Key`, the job id
/// and the event id derive from the tenant and the key, so two instances racing on one key write the
/// same event id, and every reader keeps the first and drops the other (the reducer's dedupe). Each
/// instance answers with the same job id.
struct JobSubmitter: Sendable {
    let producer: KafkaProducer
    /// `komfy.job-events`; the cost ladder's copy appends to a topic of its own.
    var topic: String
    let producerName: String
    /// Names new jobs so that concurrent submissions share a partition (one record batch).
    let jobIDs: JobIDMinter
    let store: JobStore
    let board: ActivityBoard
    let metrics: IngestMetrics

    enum Outcome: Sendable {
        /// Appended now.
        case accepted(StoredJob)
        /// The same `Idempotency-Key` and request as an earlier job: that job, nothing appended.
        case repeated(StoredJob)
    }

    /// Appends the job, or finds the earlier one of the same `Idempotency-Key`. `derivedJobID` names
    /// the job when the caller has a stable id of its own for the request (a Kafka command's id), so a
    /// redelivered request is the same job.
    func submit(_ request: SubmitRequest, by key: ApiKeyRecord, idempotencyKey: String?, requestID: String,
                source: JobSource, clientID: String? = nil, derivedJobID: UUID? = nil) async throws -> Outcome {
        let submitted = Self.submitted(request, tenant: key.tenant, apiKeyID: key.keyID.rawValue, plan: key.plan.rawValue,
                                       idempotencyKey: idempotencyKey, requestID: requestID, source: source, clientID: clientID)
        let jobID = idempotencyKey.map { Self.jobID(tenant: key.tenant, idempotencyKey: $0) } ?? derivedJobID ?? jobIDs.next()
        if idempotencyKey != nil || derivedJobID != nil, let earlier = try board.pendingJob(jobID) ?? store.job(jobID) {
            guard idempotencyKey == nil || earlier.fingerprint == SubmissionFingerprint.of(submitted) else {
                throw APIError(.conflict, "idempotency_key_reused",
                               "This Idempotency-Key was already used for a different request (job \(earlier.jobID.lowercasedString)); use a new key for a new job.")
            }
            return .repeated(earlier)
        }
        let envelope = envelope(of: submitted, jobID: jobID)
        let record = try JobEventRecord.make(envelope, topic: topic)
        let sent = ContinuousClock.now
        try await producer.send(record)
        metrics.submissionAcknowledged(after: ContinuousClock.now - sent)
        guard let state = JobState(submission: envelope) else { preconditionFailure("a JobSubmitted always starts a state") }
        let job = StoredJob(state)
        board.accepted(job)
        return .accepted(job)
    }

    /// The `JobSubmitted` of a checked request.
    static func submitted(_ request: SubmitRequest, tenant: String, apiKeyID: String, plan: String, idempotencyKey: String?,
                          requestID: String, source: JobSource, clientID: String?) -> JobSubmitted {
        JobSubmitted(
            tenant: tenant, prompt: request.prompt, webhookURL: request.webhookURL, clientID: clientID,
            source: source, priority: request.priority, idempotencyKey: idempotencyKey, requestID: requestID,
            apiKeyID: apiKeyID, plan: plan, metadata: request.metadata)
    }

    /// The envelope that starts job `jobID` (its event id derives from the job, so a repeat is the same event).
    func envelope(of submitted: JobSubmitted, jobID: UUID) -> JobEventEnvelope {
        JobEventEnvelope(
            id: EventID.derived(from: jobID, type: JobSubmitted.eventType), jobID: jobID, occurredAt: board.now,
            producer: producerName, causationID: nil, correlationID: jobID, event: .submitted(submitted))
    }

    /// Appends `JobCancelRequested` for a job that is not terminal. One id per job: repeated requests
    /// (retries, two instances) are the same event, and readers keep the first.
    func requestCancel(of job: StoredJob, by key: ApiKeyRecord) async throws {
        let envelope = JobEventEnvelope(
            id: EventID.derived(from: job.jobID, type: JobCancelRequested.eventType), jobID: job.jobID,
            occurredAt: board.now, producer: producerName, causationID: nil, correlationID: job.jobID,
            event: .cancelRequested(JobCancelRequested(by: key.keyID.rawValue)))
        try await producer.send(try JobEventRecord.make(envelope, topic: topic))
    }

    static func jobID(tenant: String, idempotencyKey: String) -> UUID {
        EventID.uuidV5(namespace: EventID.namespace, name: "idempotency-key\n\(tenant)\n\(idempotencyKey)")
    }
}

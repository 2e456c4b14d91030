import Foundation
import KomfyEvents
import KomfyKafka
import KomfyRuntime
import KomfyTestSupport

/// Plays the later stages in ingest tests: appends the events the validator, model-fetcher,
/// executor and uploader would append for a job, to the real topic, so the read model folds them
/// exactly as it will fold theirs.
struct Pipeline: Sendable {
    let topic: String

    /// Runs a job from validation to `JobCompleted` with `images`.
    func complete(_ jobID: UUID, images: [String], executionTimeMs: Int64 = 12_450) async throws {
        try await run(jobID, through: .started)
        try await append(jobID, [
            JobExecuted(attempt: 1, outputs: [], executionTimeMs: executionTimeMs),
            JobCompleted(outputs: JobOutputs(images: images)),
        ])
    }

    /// Runs a job until ComfyUI started it.
    func start(_ jobID: UUID) async throws {
        try await run(jobID, through: .started)
    }

    /// Fails a job the way the validator rejects a workflow.
    func reject(_ jobID: UUID, code: JobErrorCode, message: String, nodeID: String? = nil) async throws {
        try await append(jobID, [JobRejected(error: JobError(code: code, message: message, nodeID: nodeID))])
    }

    private enum Milestone { case started }

    private func run(_ jobID: UUID, through milestone: Milestone) async throws {
        try await append(jobID, [
            JobValidated(modelRefs: [], outputNodes: ["7"], classTypes: ["SaveImage"]),
            JobModelsReady(models: []),
            JobClaimed(executorID: "executor-test", attempt: 1, leaseMs: 60_000),
            JobStarted(executorID: "executor-test", attempt: 1),
        ])
    }

    func append(_ jobID: UUID, _ payloads: [any JobEventPayload]) async throws {
        let producer = try await TestKafka.producer()
        let records = try payloads.enumerated().map { index, payload in
            try JobEventRecord.make(JobEventEnvelope(
                id: EventID.named("pipeline-\(jobID)-\(index)-\(type(of: payload).eventType)"), jobID: jobID,
                occurredAt: .now(), producer: "pipeline/test", event: JobEvent(payload)), topic: topic)
        }
        try await producer.send(records)
        try await producer.close()
    }
}

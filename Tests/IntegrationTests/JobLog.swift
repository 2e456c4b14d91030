import Foundation
import KomfyEvents
import KomfyKafka

/// Realistic job event sequences for broker tests.
enum JobLog {
    /// The whole life of a job that completes: submitted, validated, models ready, claimed,
    /// started, `progressSteps` progress events, executed, completed, webhook delivered.
    static func completedJob(index: Int, progressSteps: Int, tag: String = UUID().uuidString) -> [JobEventEnvelope] {
        let jobID = EventID.named("test-job-\(tag)-\(index)")
        let time = Timestamp(millisecondsSinceEpoch: 1_795_000_000_000 + Int64(index) * 1000)
        let submitted = JobEventEnvelope(
            id: EventID.named("test-submit-\(tag)-\(index)"), jobID: jobID, occurredAt: time, producer: "ingest/test",
            event: .submitted(JobSubmitted(tenant: "tenant-\(index % 7)", prompt: ["1": ["class_type": "SaveImage"]],
                                           webhookURL: "https://example.com/hook", source: .http)))
        var events = [submitted]
        func next(_ payload: some JobEventPayload, index: Int = 0) {
            let previous = events[events.count - 1]
            events.append(.caused(by: previous, index: index, producer: "test",
                                  at: previous.occurredAt.adding(milliseconds: 10), payload))
        }
        next(JobValidated(modelRefs: [], outputNodes: ["1"], classTypes: ["SaveImage"]))
        next(JobModelsReady(models: []))
        next(JobClaimed(executorID: "executor-\(index % 3)", attempt: 1, leaseMs: 30_000))
        next(JobStarted(executorID: "executor-\(index % 3)", attempt: 1))
        for step in 1...progressSteps {
            next(NodeProgress(attempt: 1, nodeID: "1", value: step, max: progressSteps), index: step)
        }
        next(JobExecuted(attempt: 1, outputs: [], executionTimeMs: 1234))
        next(JobCompleted(outputs: JobOutputs(images: ["https://cdn.example.com/\(jobID)/0.png"])))
        next(WebhookDelivered(url: "https://example.com/hook", attempt: 1, statusCode: 200, durationMs: 12))
        return events
    }
}

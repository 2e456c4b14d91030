import Foundation
import KomfyEvents

/// The events `komfy bench kafka` writes: realistic job events of about 1 KiB once encoded.
enum BenchEvents {
    /// A `JobExecuted` with four staged outputs: a busy event of the hot path, ~1 KiB of JSON.
    static func event(index: Int, jobCount: Int) -> JobEventEnvelope {
        let job = EventID.named("bench-job-\(index % jobCount)")
        let outputs = (0..<3).map { output in
            StagedOutput(
                nodeID: "\(9 + output)", kind: .image,
                staged: "staging/\(job.lowercasedString)/ComfyUI_\(String(format: "%05d", output))_.png",
                filename: "ComfyUI_\(String(format: "%05d", output))_.png", bytes: 1_048_576 + Int64(index % 977),
                sha256: String(repeating: String(format: "%02x", (index + output) % 256), count: 32),
                contentType: "image/png")
        }
        return JobEventEnvelope(
            id: EventID.named("bench-event-\(index)"), jobID: job,
            occurredAt: Timestamp(millisecondsSinceEpoch: 1_795_000_000_000 + Int64(index)),
            producer: "executor/bench-host-1", causationID: EventID.named("bench-cause-\(index)"),
            correlationID: EventID.named("bench-request-\(index % jobCount)"),
            event: .executed(JobExecuted(attempt: 1, outputs: outputs, executionTimeMs: 12_450)))
    }
}

import Foundation
import KomfyEvents
import KomfyJobs
import Testing

/// Builds one job's log the way tests need it: deterministic ids and times one second apart, so a
/// failing test reproduces exactly.
struct JobLog {
    static let epoch = Timestamp(millisecondsSinceEpoch: 1_790_000_000_000)

    let jobID: UUID
    private(set) var events: [JobEventEnvelope] = []
    private var sequence = 0

    init(job name: String = "job-1") {
        jobID = EventID.named("komfy-jobs-tests/\(name)")
    }

    /// Appends an event with the next id and time and returns it.
    @discardableResult
    mutating func append(_ payload: some JobEventPayload) -> JobEventEnvelope {
        let envelope = make(payload)
        events.append(envelope)
        return envelope
    }

    /// An envelope with the next id and time, not appended: for probes and events placed elsewhere.
    mutating func make(_ payload: some JobEventPayload) -> JobEventEnvelope {
        make(JobEvent(payload))
    }

    mutating func make(_ event: JobEvent) -> JobEventEnvelope {
        sequence += 1
        return JobEventEnvelope(
            id: EventID.named("\(jobID.uuidString)/\(sequence)"),
            jobID: jobID,
            occurredAt: Self.epoch.adding(milliseconds: Int64(sequence) * 1000),
            producer: "komfy-jobs-tests",
            event: event
        )
    }

    mutating func append(_ envelope: JobEventEnvelope) {
        events.append(envelope)
    }

    /// The folded state; fails the test when the log has no `JobSubmitted`.
    func state(sourceLocation: SourceLocation = #_sourceLocation) throws -> JobState {
        try #require(JobState.fold(events), sourceLocation: sourceLocation)
    }
}

/// Applies events one by one, recording each outcome.
func apply(_ events: [JobEventEnvelope], to state: inout JobState) -> [JobState.Outcome] {
    events.map { state.apply($0) }
}

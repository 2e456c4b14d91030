import Foundation

/// One event as it is stored: identity, lineage and time around the event's data.
///
/// On the wire: `{id, type, version, job_id, occurred_at, producer, causation_id, correlation_id, data}`.
public struct EventEnvelope<Event: Sendable & Hashable>: Sendable, Hashable {
    /// Unique per event, deterministic for handler outputs (see `EventID`). Readers drop repeats.
    public var id: UUID
    /// The job's stream; also the Kafka key, so all of a job's events share a partition.
    public var jobID: UUID
    public var occurredAt: Timestamp
    /// The service instance that wrote it, e.g. `validator/host-1`.
    public var producer: String
    /// The event that caused this one (nil for the first event of a job).
    public var causationID: UUID?
    /// The request or conversation this event belongs to, carried through every stage.
    public var correlationID: UUID?
    public var event: Event

    public init(id: UUID, jobID: UUID, occurredAt: Timestamp, producer: String, causationID: UUID? = nil,
                correlationID: UUID? = nil, event: Event) {
        self.id = id
        self.jobID = jobID
        self.occurredAt = occurredAt
        self.producer = producer
        self.causationID = causationID
        self.correlationID = correlationID
        self.event = event
    }
}

public typealias JobEventEnvelope = EventEnvelope<JobEvent>

extension EventEnvelope where Event == JobEvent {
    /// The envelope of an event a handler writes because of `cause`: its id derives from the cause,
    /// the type and `index`; it keeps the job and the correlation of its cause.
    public static func caused<P: JobEventPayload>(
        by cause: JobEventEnvelope, index: Int = 0, producer: String, at time: Timestamp = .now(), _ payload: P
    ) -> JobEventEnvelope {
        JobEventEnvelope(
            id: EventID.derived(from: cause.id, type: P.eventType, index: index),
            jobID: cause.jobID,
            occurredAt: time,
            producer: producer,
            causationID: cause.id,
            correlationID: cause.correlationID ?? cause.id,
            event: JobEvent(payload)
        )
    }
}

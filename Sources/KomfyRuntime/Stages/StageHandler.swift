import KomfyEvents
import KomfyKafka

/// What a stage does with one event it is triggered by (DESIGN.md section 5).
///
/// The `StageRunner` calls `handle` for every record of the input topic whose `komfy-type` header
/// is one of `triggers`; everything else is passed over without being decoded. A handler may run
/// more than once for the same event (a crash before the commit, a rebalance), so it must be
/// deterministic in what it appends: derive output ids from the input event
/// (`JobEventEnvelope.caused(by:)`), and every reader drops the repeats.
public protocol StageHandler: Sendable {
    /// The event types this stage acts on.
    var triggers: Set<String> { get }

    /// Handles one trigger event and returns the events to append to the stage's output topic.
    /// Throwing makes the runner try again (with backoff) up to its attempt limit; after that the
    /// record goes to `komfy.dead-letters` with the error's description and the stage moves on.
    func handle(_ event: JobEventEnvelope, record: KafkaRecord) async throws -> [JobEventEnvelope]
}

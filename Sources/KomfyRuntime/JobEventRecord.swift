import KomfyEvents
import KomfyKafka

/// A job event as a record of `komfy.job-events`: keyed by job id (so all of a job's events share a
/// partition and every reader sees them in one order), with its type in the `komfy-type` header.
public enum JobEventRecord {
    public static func make(_ envelope: JobEventEnvelope, topic: String,
                            codec: JobEventCodec = JobEventCodec()) throws -> KafkaOutgoingRecord {
        KafkaOutgoingRecord(
            topic: topic, key: envelope.jobID.lowercasedString, value: try codec.encode(envelope),
            headers: [KafkaHeader(name: JobEventCodec.typeHeader, string: envelope.event.type)])
    }
}

import KomfyEvents
import KomfyKafka

/// A record a stage gave up on, as written to `komfy.dead-letters`: the original key, value and
/// headers, plus headers saying which stage gave up, why, after how many tries, and where the
/// record came from, so an operator can inspect it and produce it again once the cause is fixed.
public enum DeadLetter {
    public static let stageHeader = "komfy-dead-letter-stage"
    public static let reasonHeader = "komfy-dead-letter-reason"
    public static let attemptsHeader = "komfy-dead-letter-attempts"
    /// `topic/partition/offset` of the original record.
    public static let sourceHeader = "komfy-dead-letter-source"

    /// Reasons longer than this are cut: a header is for a human to read, not a stack dump.
    static let maxReasonBytes = 2000

    public static func record(of original: KafkaRecord, stage: JobStage, reason: String, attempts: Int,
                              topic: String) -> KafkaOutgoingRecord {
        let shortReason = reason.utf8.count > maxReasonBytes
            ? String(decoding: reason.utf8.prefix(maxReasonBytes), as: UTF8.self) + "…" : reason
        let headers = original.headers + [
            KafkaHeader(name: stageHeader, string: stage.rawValue),
            KafkaHeader(name: reasonHeader, string: shortReason),
            KafkaHeader(name: attemptsHeader, string: String(attempts)),
            KafkaHeader(name: sourceHeader, string: "\(original.topic)/\(original.partition)/\(original.offset)"),
        ]
        return KafkaOutgoingRecord(topic: topic, key: original.key, value: original.value, headers: headers)
    }
}

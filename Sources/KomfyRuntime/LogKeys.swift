/// Structured logging metadata keys, from one place, so logs can be searched the same way in every
/// service.
public enum LogKey {
    public static let jobID = "komfy.job_id"
    public static let eventID = "komfy.event_id"
    public static let eventType = "komfy.event_type"
    public static let stage = "komfy.stage"
    public static let tenant = "komfy.tenant"
    public static let topic = "kafka.topic"
    public static let partition = "kafka.partition"
    public static let offset = "kafka.offset"
    public static let bootstrap = "kafka.bootstrap"
}

import KomfyEvents
import KomfyKafka

/// Where a stage reads and writes, and how hard it tries.
public struct StageConfiguration: Sendable {
    public var stage: JobStage
    public var kafka: KafkaClientConfiguration
    /// The consumer group every instance of the stage joins. Default: `komfy-<stage>`.
    public var groupID: String
    /// Default: `komfy.job-events`.
    public var inputTopic: String = "komfy.job-events"
    /// Default: `komfy.job-events`.
    public var outputTopic: String = "komfy.job-events"
    /// Default: `komfy.dead-letters`.
    public var deadLetterTopic: String = "komfy.dead-letters"
    /// Trigger events handled at once by this instance. Beyond it the runner pauses its partitions
    /// (and keeps polling, so it stays in the group). Default: 64.
    public var maxInFlight: Int = 64
    /// Tries per record before it goes to the dead letters. Default: 5.
    public var maxAttempts: Int = 5
    /// The wait before the second try; it doubles with each further try. Default: 200 ms.
    public var retryBackoff: Duration = .milliseconds(200)
    /// How long a revoked partition's in-flight records may take to finish before the partition is
    /// handed over anyway (the next owner then repeats them). Default: 30 s.
    public var revokeGrace: Duration = .seconds(30)
    /// The producer's name in the events it writes. Default: the stage's name.
    public var producerName: String

    public init(stage: JobStage, kafka: KafkaClientConfiguration) {
        self.stage = stage
        self.kafka = kafka
        self.groupID = "komfy-\(stage.rawValue.replacingOccurrences(of: "_", with: "-"))"
        self.producerName = stage.rawValue
    }

    /// The same stage on topics with a prefix (`<prefix>komfy.job-events`): tests and side-by-side
    /// deployments on one broker.
    public func prefixingTopics(with prefix: String) -> StageConfiguration {
        var copy = self
        copy.inputTopic = prefix + inputTopic
        copy.outputTopic = prefix + outputTopic
        copy.deadLetterTopic = prefix + deadLetterTopic
        return copy
    }
}

import Foundation
import KomfyEvents
import KomfyKafka
import KomfyRuntime
import KomfyWorkflow

/// How a validator instance runs.
public struct ValidatorConfiguration: Sendable {
    public var kafka: KafkaClientConfiguration
    /// The shared stage loop's settings: group `komfy-validator`, reading and writing
    /// `komfy.job-events`.
    public var stage: StageConfiguration
    /// Default: `komfy.node-catalog`.
    public var nodeCatalogTopic = "komfy.node-catalog"
    /// The model URL rules (HTTPS, allowed domains, no credentials).
    public var modelURLs = ModelURLPolicy()
    /// Workflow limits per plan name; a plan missing here gets `WorkflowLimits.forPlan`'s defaults.
    public var limitsByPlan: [String: WorkflowLimits] = [:]
    /// Names already in Komfy's model store, per folder (until the model-fetcher issue fills the
    /// store's index, the engines' own files count through the catalog's choice lists).
    public var knownModels: [String: Set<String>] = [:]

    public init(kafka: KafkaClientConfiguration) {
        self.kafka = kafka
        self.stage = StageConfiguration(stage: .validator, kafka: kafka)
        self.stage.producerName = "validator/\(ProcessInfo.processInfo.hostName)/\(ProcessInfo.processInfo.processIdentifier)"
        // Validation takes microseconds; more in flight only queues behind the same cores.
        self.stage.maxInFlight = 256
    }

    /// Every topic with a prefix (`<prefix>komfy.job-events`, ...): tests and side-by-side
    /// deployments on one broker.
    public mutating func prefixTopics(with prefix: String) {
        stage = stage.prefixingTopics(with: prefix)
        nodeCatalogTopic = prefix + nodeCatalogTopic
    }

    /// The rules a job of this plan is checked with.
    func rules(forPlan plan: String?) -> ValidationRules {
        let plan = plan ?? "free"
        var rules = ValidationRules()
        rules.modelURLs = modelURLs
        rules.limits = limitsByPlan[plan] ?? WorkflowLimits.forPlan(plan)
        rules.knownModels = knownModels
        return rules
    }
}

import KomfyEvents
import KomfyKafka
import KomfyRuntime
import KomfyWorkflow

/// The validator's stage handler: each `JobSubmitted` becomes `JobValidated` or `JobRejected`.
///
/// Both outcomes of one submission get the same event id (derived from the submission's id and
/// `ValidationOutcome`). A replayed submission validated against a catalog that changed meanwhile
/// could otherwise append a second, different outcome; with one id for both, every reader keeps
/// the first outcome and drops the other as a repeat, so a job is never validated twice into two
/// different outcomes.
struct ValidationHandler: StageHandler {
    static let outcomeIDType = "ValidationOutcome"

    let triggers: Set<String> = [JobSubmitted.eventType]
    let shelf: CatalogShelf
    let configuration: ValidatorConfiguration

    func handle(_ event: JobEventEnvelope, record: KafkaRecord) async throws -> [JobEventEnvelope] {
        guard case .submitted(let submitted) = event.event else { return [] }
        let catalogs = try await shelf.catalogs()
        return [outcome(of: event, Self.verdict(for: submitted, catalogs: catalogs, configuration: configuration))]
    }

    /// The first catalog (newest first) that accepts the workflow decides; when none does, the
    /// newest catalog's rejection is the job's error.
    static func verdict(for submitted: JobSubmitted, catalogs: [NodeCatalog],
                        configuration: ValidatorConfiguration) -> WorkflowVerdict {
        let rules = configuration.rules(forPlan: submitted.plan)
        var firstRejection: WorkflowVerdict?
        for catalog in catalogs {
            let verdict = WorkflowValidator.validate(submitted.prompt, catalog: catalog, rules: rules)
            if case .valid = verdict { return verdict }
            if firstRejection == nil { firstRejection = verdict }
        }
        return firstRejection ?? .rejected(JobError(code: .internalError, message: "No node catalog to validate against."))
    }

    private func outcome(of submission: JobEventEnvelope, _ verdict: WorkflowVerdict) -> JobEventEnvelope {
        let event: JobEvent
        switch verdict {
        case .valid(let workflow):
            event = JobEvent(JobValidated(modelRefs: workflow.modelRefs, outputNodes: workflow.outputNodes,
                                          classTypes: workflow.classTypes))
        case .rejected(let error):
            event = JobEvent(JobRejected(error: error))
        }
        return JobEventEnvelope(
            id: EventID.derived(from: submission.id, type: Self.outcomeIDType), jobID: submission.jobID,
            occurredAt: .now(), producer: configuration.stage.producerName, causationID: submission.id,
            correlationID: submission.correlationID ?? submission.id, event: event)
    }
}

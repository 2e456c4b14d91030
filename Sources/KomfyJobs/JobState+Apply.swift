import KomfyEvents

extension JobState {
    /// Applies the job's next event in log order and says what it did.
    ///
    /// Never throws and never traps. An event that does not fit (see `IgnoreReason`) changes nothing but
    /// the set of seen ids; an id seen before changes nothing at all. Once the job is terminal only
    /// `WebhookDelivered` and `WebhookFailed` still apply.
    @discardableResult
    public mutating func apply(_ envelope: JobEventEnvelope) -> Outcome {
        guard envelope.jobID == jobID else { return .ignored(.wrongJob) }
        guard seenEventIDs.insert(envelope.id).inserted else { return .duplicate }
        let outcome = transition(envelope.event, at: envelope.occurredAt)
        if outcome == .applied {
            appliedEventCount += 1
            lastEventAt = envelope.occurredAt
        }
        return outcome
    }

    /// Every handler below checks before it changes anything, so an ignored event leaves the state as it was.
    private mutating func transition(_ event: JobEvent, at time: Timestamp) -> Outcome {
        // The notifier only starts once the job is terminal, so its events are the ones that still apply.
        if phase.isTerminal, !event.isWebhookResult { return .ignored(.alreadyTerminal) }
        switch event {
        case .submitted: return .ignored(.alreadySubmitted)
        case .cancelRequested(let request): return requestCancel(request, at: time)
        case .validated(let validated): return validate(validated)
        case .rejected(let rejected):
            guard phase == .validating else { return .ignored(.wrongPhase) }
            fail(stage: .validator, error: rejected.error, at: time)
            return .applied
        case .modelsReady(let ready): return makeReady(ready)
        case .claimed(let claimed): return claim(claimed, at: time)
        case .started(let started): return start(started, at: time)
        case .nodeExecuting(let node):
            return recordActivity(of: node.attempt, at: time) { progress in
                progress.currentNodeID = node.nodeID
                progress.currentClassType = node.classType
            }
        case .nodeProgress(let node):
            return recordActivity(of: node.attempt, at: time) { progress in
                progress.steps = JobProgress.Steps(nodeID: node.nodeID, value: node.value, max: node.max)
            }
        case .nodesCached(let nodes):
            return recordActivity(of: nodes.attempt, at: time) { $0.cachedNodeIDs.formUnion(nodes.nodeIDs) }
        case .nodeExecuted(let node):
            return recordActivity(of: node.attempt, at: time) { $0.executedNodeIDs.insert(node.nodeID) }
        case .leaseExpired(let expiry): return expireLease(expiry, at: time)
        case .executed(let executed): return finishRun(executed)
        case .completed(let completed):
            guard phase == .uploading else { return .ignored(.wrongPhase) }
            outputs = completed.outputs
            end(in: .completed, at: time)
            return .applied
        case .failed(let failed):
            // A superseded executor's failure must not fail the attempt that replaced it.
            if let attempt = failed.attempt, attempt != claim?.attempt { return .ignored(.staleAttempt) }
            fail(stage: failed.stage, error: failed.error, at: time)
            return .applied
        case .cancelled(let cancelled):
            cancel(by: cancelled.stage, at: time)
            return .applied
        case .webhookDelivered(let delivered):
            return recordWebhook(WebhookDelivery(delivered, at: time))
        case .webhookFailed(let failed):
            return recordWebhook(WebhookDelivery(failed, at: time))
        }
    }

    private mutating func validate(_ validated: JobValidated) -> Outcome {
        guard phase == .validating else { return .ignored(.wrongPhase) }
        modelRefs = validated.modelRefs
        outputNodes = validated.outputNodes
        classTypes = validated.classTypes
        phase = .fetchingModels
        return .applied
    }

    private mutating func makeReady(_ ready: JobModelsReady) -> Outcome {
        guard phase == .fetchingModels else { return .ignored(.wrongPhase) }
        readyModels = ready.models
        phase = .ready
        return .applied
    }

    /// Before the job runs a request cancels it at once: no stage is working on it that would have to
    /// stop (a claiming executor checks the state before it starts). While it runs or uploads, the stage
    /// at work must interrupt it, so the request is only recorded and that stage appends `JobCancelled`.
    private mutating func requestCancel(_ request: JobCancelRequested, at time: Timestamp) -> Outcome {
        switch phase {
        case .validating, .fetchingModels, .ready, .claimed:
            recordCancelRequest(request, at: time)
            cancel(by: nil, at: time)
            return .applied
        case .running, .uploading:
            guard cancelRequest == nil else { return .ignored(.cancelAlreadyRequested) }
            recordCancelRequest(request, at: time)
            return .applied
        case .completed, .failed, .cancelled:
            return .ignored(.alreadyTerminal)
        }
    }

    private mutating func recordCancelRequest(_ request: JobCancelRequested, at time: Timestamp) {
        if cancelRequest == nil {
            cancelRequest = CancelRequest(by: request.by, reason: request.reason, requestedAt: time)
        }
    }

    private mutating func cancel(by stage: JobStage?, at time: Timestamp) {
        cancelledStage = stage
        cancelledInPhase = phase
        end(in: .cancelled, at: time)
    }

    private mutating func fail(stage: JobStage, error: JobError, at time: Timestamp) {
        self.error = error
        failedStage = stage
        end(in: .failed, at: time)
    }

    private mutating func end(in terminal: JobPhase, at time: Timestamp) {
        phase = terminal
        completedAt = time
    }

    private mutating func recordWebhook(_ result: WebhookDelivery) -> Outcome {
        guard webhook.isSuperseded(by: result) else { return .ignored(.staleWebhookAttempt) }
        webhook = result
        return .applied
    }
}

extension JobEvent {
    fileprivate var isWebhookResult: Bool {
        switch self {
        case .webhookDelivered, .webhookFailed: true
        default: false
        }
    }
}

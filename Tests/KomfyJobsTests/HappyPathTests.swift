import KomfyEvents
import KomfyJobs
import Testing

@Suite("Happy path")
struct HappyPathTests {
    @Test("A job goes from submitted to completed and its webhook is delivered")
    func submittedToDelivered() throws {
        var log = JobLog()
        let submitted = log.append(Fixture.submitted())
        log.append(Fixture.validated)
        log.append(Fixture.modelsReady)
        let claimed = log.append(Fixture.claimed("exec-a", attempt: 1))
        let started = log.append(Fixture.started("exec-a", attempt: 1))
        log.append(NodesCached(attempt: 1, nodeIDs: ["4", "5"]))
        log.append(NodeExecuting(attempt: 1, nodeID: "3", classType: "KSampler"))
        log.append(NodeProgress(attempt: 1, nodeID: "3", value: 20, max: 20))
        log.append(NodeExecuted(attempt: 1, nodeID: "3", classType: "KSampler"))
        log.append(NodeExecuting(attempt: 1, nodeID: "9", classType: "SaveImage"))
        let lastNode = log.append(NodeExecuted(attempt: 1, nodeID: "9", classType: "SaveImage"))
        log.append(Fixture.executed(attempt: 1, executionTimeMs: 4_210))
        let completed = log.append(Fixture.completed)
        let delivered = log.append(Fixture.webhookDelivered(attempt: 1, statusCode: 204))

        var state = try #require(JobState(submission: submitted))
        #expect(state.jobID == log.jobID)
        #expect(state.submission == Fixture.submitted())
        #expect(state.createdAt == submitted.occurredAt)
        #expect(state.phase == .validating)
        #expect(state.status == .queued)
        #expect(state.webhook == .pending)

        var phases: [JobPhase] = []
        for event in log.events.dropFirst() {
            #expect(state.apply(event) == .applied, "\(event.event.type)")
            phases.append(state.phase)
        }

        #expect(phases == [
            .fetchingModels, .ready, .claimed, .running, .running, .running, .running, .running, .running,
            .running, .uploading, .completed, .completed,
        ])
        #expect(state.status == .completed)
        #expect(state.modelRefs == [Fixture.modelRef])
        #expect(state.outputNodes == ["9"])
        #expect(state.classTypes == ["CheckpointLoaderSimple", "KSampler", "SaveImage"])
        #expect(state.readyModels == [Fixture.readyModel])
        #expect(state.nextAttempt == 1)
        #expect(state.claim == JobClaim(executorID: "exec-a", attempt: 1, leaseMs: Fixture.leaseMs,
                                        claimedAt: claimed.occurredAt))
        #expect(state.expiredAttempts.isEmpty)
        #expect(state.startedAt == started.occurredAt)
        #expect(state.lastActivityAt == lastNode.occurredAt)
        #expect(state.leaseExpiresAt == nil)
        #expect(state.progress == JobProgress(
            currentNodeID: "9", currentClassType: "SaveImage",
            steps: JobProgress.Steps(nodeID: "3", value: 20, max: 20),
            executedNodeIDs: ["3", "9"], cachedNodeIDs: ["4", "5"]))
        #expect(state.stagedOutputs == [Fixture.stagedOutput])
        #expect(state.executionTimeMs == 4_210)
        #expect(state.outputs == Fixture.outputs)
        #expect(state.error == nil)
        #expect(state.failedStage == nil)
        #expect(state.cancelRequest == nil)
        #expect(state.completedAt == completed.occurredAt)
        #expect(state.webhook == .delivered(attempt: 1, statusCode: 204, at: delivered.occurredAt))
        #expect(state.lastEventAt == delivered.occurredAt)
        #expect(state.appliedEventCount == 14)
        #expect(state.seenEventIDs == Set(log.events.map(\.id)))
        #expect(JobState.fold(log.events) == state)
    }

    @Test("A job without a webhook url has nothing to deliver")
    func noWebhook() throws {
        #expect(try Start.validating.log(webhookURL: nil).state().webhook == .notRequested)
        #expect(try Start.completed.log(webhookURL: nil).state().webhook == .notRequested)
    }
}

@Suite("Accepted transitions set their fields")
struct TransitionFieldTests {
    @Test func validatedKeepsTheValidatorsFindings() throws {
        var log = Start.validating.log()
        log.append(Fixture.validated)
        let state = try log.state()
        #expect(state.modelRefs == Fixture.validated.modelRefs)
        #expect(state.outputNodes == Fixture.validated.outputNodes)
        #expect(state.classTypes == Fixture.validated.classTypes)
        #expect(state.completedAt == nil)
    }

    @Test func rejectedFailsInTheValidatorStage() throws {
        var log = Start.validating.log()
        let rejected = log.append(JobRejected(error: Fixture.invalidWorkflow))
        let state = try log.state()
        #expect(state.status == .failed)
        #expect(state.error == Fixture.invalidWorkflow)
        #expect(state.failedStage == .validator)
        #expect(state.completedAt == rejected.occurredAt)
        #expect(state.modelRefs.isEmpty)
    }

    @Test func modelsReadyOpensAttemptOne() throws {
        var log = Start.fetchingModels.log()
        log.append(Fixture.modelsReady)
        let state = try log.state()
        #expect(state.readyModels == Fixture.modelsReady.models)
        #expect(state.nextAttempt == 1)
        #expect(!state.attemptsExhausted)
        #expect(state.claim == nil)
        #expect(state.leaseExpiresAt == nil)
    }

    @Test func claimStartsTheLease() throws {
        var log = Start.ready.log()
        let claimed = log.append(JobClaimed(executorID: "exec-b", attempt: 1, leaseMs: 45_000))
        let state = try log.state()
        #expect(state.claim == JobClaim(executorID: "exec-b", attempt: 1, leaseMs: 45_000,
                                        claimedAt: claimed.occurredAt))
        #expect(state.lastActivityAt == claimed.occurredAt)
        #expect(state.leaseExpiresAt == claimed.occurredAt.adding(milliseconds: 45_000))
        #expect(state.startedAt == nil)
    }

    @Test func startRenewsTheLease() throws {
        var log = Start.claimed.log()
        let started = log.append(Fixture.started())
        let state = try log.state()
        #expect(state.startedAt == started.occurredAt)
        #expect(state.lastActivityAt == started.occurredAt)
        #expect(state.leaseExpiresAt == started.occurredAt.adding(milliseconds: Fixture.leaseMs))
    }

    /// Each node event updates its part of the progress and renews the lease.
    @Test(arguments: [
        (JobEvent(NodeExecuting(attempt: 1, nodeID: "8", classType: "VAEDecode")),
         JobProgress(currentNodeID: "8", currentClassType: "VAEDecode")),
        (JobEvent(NodeProgress(attempt: 1, nodeID: "3", value: 7, max: 20)),
         JobProgress(currentNodeID: "3", currentClassType: "KSampler",
                     steps: JobProgress.Steps(nodeID: "3", value: 7, max: 20))),
        (JobEvent(NodesCached(attempt: 1, nodeIDs: ["4", "6"])),
         JobProgress(currentNodeID: "3", currentClassType: "KSampler", cachedNodeIDs: ["4", "6"])),
        (JobEvent(NodeExecuted(attempt: 1, nodeID: "3", classType: "KSampler")),
         JobProgress(currentNodeID: "3", currentClassType: "KSampler", executedNodeIDs: ["3"])),
    ])
    func nodeEventUpdatesProgress(_ event: JobEvent, expected: JobProgress) throws {
        var log = Start.running.log()
        let before = try log.state()
        #expect(before.progress == JobProgress(currentNodeID: "3", currentClassType: "KSampler"))
        let node = log.make(event)
        log.append(node)
        let state = try log.state()
        #expect(state.progress == expected)
        #expect(state.lastActivityAt == node.occurredAt)
        #expect(state.leaseExpiresAt == node.occurredAt.adding(milliseconds: Fixture.leaseMs))
        #expect(state.startedAt == before.startedAt)
    }

    @Test func executedStagesOutputsAndEndsTheLease() throws {
        var log = Start.running.log()
        log.append(Fixture.executed(attempt: 1, executionTimeMs: 9_876))
        let state = try log.state()
        #expect(state.stagedOutputs == [Fixture.stagedOutput])
        #expect(state.executionTimeMs == 9_876)
        #expect(state.leaseExpiresAt == nil)
        // The claim stays: it says who ran the job, and the uploader's failure may name its attempt.
        #expect(state.claim?.executorID == "exec-a")
        #expect(state.outputs == nil)
        #expect(state.completedAt == nil)
    }

    @Test func completedPublishesOutputs() throws {
        var log = Start.uploading.log()
        let completed = log.append(Fixture.completed)
        let state = try log.state()
        #expect(state.outputs == Fixture.outputs)
        #expect(state.completedAt == completed.occurredAt)
        #expect(state.error == nil)
    }

    @Test(arguments: [Start.validating, .fetchingModels, .ready, .claimed, .running, .uploading, .exhausted])
    func failedRecordsStageAndError(_ start: Start) throws {
        var log = start.log()
        let failed = log.append(JobFailed(stage: .outputUploader, error: Fixture.executorLost))
        let state = try log.state()
        #expect(state.status == .failed)
        #expect(state.error == Fixture.executorLost)
        #expect(state.failedStage == .outputUploader)
        #expect(state.completedAt == failed.occurredAt)
        #expect(state.leaseExpiresAt == nil)
    }

    @Test(arguments: [Start.validating, .fetchingModels, .ready, .claimed, .running, .uploading])
    func cancelledRecordsStageAndPhase(_ start: Start) throws {
        var log = start.log()
        let cancelled = log.append(JobCancelled(stage: .modelFetcher))
        let state = try log.state()
        #expect(state.status == .cancelled)
        #expect(state.cancelledStage == .modelFetcher)
        #expect(state.cancelledInPhase == start.phase)
        #expect(state.completedAt == cancelled.occurredAt)
        #expect(state.leaseExpiresAt == nil)
    }
}

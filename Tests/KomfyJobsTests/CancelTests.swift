import KomfyEvents
import KomfyJobs
import Testing

@Suite("Cancellation")
struct CancelTests {
    @Test("A cancel request before the job runs cancels it at once",
          arguments: [Start.validating, .fetchingModels, .ready, .claimed, .readyAfterExpiry, .exhausted])
    func cancelBeforeRun(_ start: Start) throws {
        var log = start.log()
        let request = log.append(JobCancelRequested(by: "key-1", reason: "changed my mind"))
        var state = try log.state()

        #expect(state.phase == .cancelled)
        #expect(state.status == .cancelled)
        #expect(state.completedAt == request.occurredAt)
        #expect(state.cancelRequest == CancelRequest(by: "key-1", reason: "changed my mind",
                                                     requestedAt: request.occurredAt))
        #expect(state.cancelledInPhase == start.phase)
        #expect(state.cancelledStage == nil)
        #expect(state.leaseExpiresAt == nil)

        // An executor that claimed or was about to cannot bring it back.
        let late = [
            log.make(Fixture.started("exec-a", attempt: 1)),
            log.make(Fixture.claimed("exec-b", attempt: state.nextAttempt)),
            log.make(JobCancelled(stage: .executor)),
        ]
        #expect(apply(late, to: &state) == Array(repeating: .ignored(.alreadyTerminal), count: 3))
        #expect(state.completedAt == request.occurredAt)
    }

    @Test("A cancel request while running is recorded; the executor's JobCancelled ends the job")
    func cancelWhileRunning() throws {
        var log = Start.running.log()
        let request = log.append(JobCancelRequested(by: "key-1"))
        var state = try log.state()
        #expect(state.phase == .running)
        #expect(state.status == .running)
        #expect(state.completedAt == nil)
        #expect(state.cancelRequest == CancelRequest(by: "key-1", requestedAt: request.occurredAt))

        // ComfyUI keeps going until the executor interrupts it; a repeated request changes nothing.
        let progress = log.make(NodeProgress(attempt: 1, nodeID: "3", value: 5, max: 20))
        let again = log.make(JobCancelRequested(by: "key-2"))
        #expect(apply([progress, again], to: &state) == [.applied, .ignored(.cancelAlreadyRequested)])
        #expect(state.cancelRequest?.by == "key-1")
        #expect(state.progress.steps?.value == 5)

        let cancelled = log.make(JobCancelled(stage: .executor))
        #expect(state.apply(cancelled) == .applied)
        #expect(state.status == .cancelled)
        #expect(state.cancelledStage == .executor)
        #expect(state.cancelledInPhase == .running)
        #expect(state.completedAt == cancelled.occurredAt)
        #expect(state.cancelRequest?.requestedAt == request.occurredAt)
    }

    @Test("A cancel request while uploading is recorded; the uploader decides")
    func cancelWhileUploading() throws {
        var log = Start.uploading.log()
        log.append(JobCancelRequested(by: "key-1"))
        let uploading = try log.state()
        #expect(uploading.phase == .uploading)
        #expect(uploading.cancelRequest?.by == "key-1")

        var cancelled = uploading
        #expect(cancelled.apply(log.make(JobCancelled(stage: .outputUploader))) == .applied)
        #expect(cancelled.cancelledStage == .outputUploader)
        #expect(cancelled.cancelledInPhase == .uploading)

        // The outputs may already be published: the request came too late, and completion stands.
        var completed = uploading
        #expect(completed.apply(log.make(Fixture.completed)) == .applied)
        #expect(completed.status == .completed)
    }

    /// A request recorded while running outlives a lost executor; repeating it cancels the requeued job.
    @Test("A cancel request after the lease expired cancels at once")
    func cancelAfterExpiry() throws {
        var log = Start.running.log()
        let first = log.append(JobCancelRequested(by: "key-1"))
        log.append(JobLeaseExpired(attempt: 1, executorID: "exec-a"))
        var state = try log.state()
        #expect(state.phase == .ready)
        #expect(state.cancelRequest?.requestedAt == first.occurredAt)

        let second = log.make(JobCancelRequested(by: "key-1"))
        #expect(state.apply(second) == .applied)
        #expect(state.status == .cancelled)
        #expect(state.completedAt == second.occurredAt)
        #expect(state.cancelledInPhase == .ready)
        #expect(state.cancelRequest?.requestedAt == first.occurredAt)
    }
}

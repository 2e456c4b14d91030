import KomfyEvents
import KomfyJobs

/// Realistic payloads of one text-to-image job.
enum Fixture {
    static let webhookURL = "https://hooks.example.com/komfy"
    static let leaseMs: Int64 = 30_000

    static func submitted(webhookURL: String? = webhookURL) -> JobSubmitted {
        JobSubmitted(
            tenant: "acme",
            prompt: ["3": ["class_type": "KSampler", "inputs": ["seed": 156_680_208_700_286, "steps": 20]]],
            webhookURL: webhookURL,
            clientID: "client-7",
            source: .http,
            idempotencyKey: "order-42",
            requestID: "req-1",
            metadata: ["order": 42]
        )
    }

    static let modelRef = ModelReference(
        nodeID: "4", input: "ckpt_name", folder: "checkpoints", url: "https://models.example.com/sdxl.safetensors")

    static let validated = JobValidated(
        modelRefs: [modelRef], outputNodes: ["9"], classTypes: ["CheckpointLoaderSimple", "KSampler", "SaveImage"])

    static let readyModel = ReadyModel(
        url: modelRef.url, sha256: String(repeating: "ab", count: 32),
        file: "sha256-\(String(repeating: "ab", count: 32)).safetensors", folder: "checkpoints", bytes: 6_938_078_334)

    static let modelsReady = JobModelsReady(models: [readyModel])

    static func claimed(_ executorID: String = "exec-a", attempt: Int = 1) -> JobClaimed {
        JobClaimed(executorID: executorID, attempt: attempt, leaseMs: leaseMs)
    }

    static func started(_ executorID: String = "exec-a", attempt: Int = 1) -> JobStarted {
        JobStarted(executorID: executorID, attempt: attempt)
    }

    static let stagedOutput = StagedOutput(
        nodeID: "9", kind: .image, staged: "staging/job-1/ComfyUI_00001_.png", filename: "ComfyUI_00001_.png",
        bytes: 1_482_113, sha256: String(repeating: "cd", count: 32), contentType: "image/png")

    static func executed(attempt: Int = 1, executionTimeMs: Int64 = 4_210) -> JobExecuted {
        JobExecuted(attempt: attempt, outputs: [stagedOutput], executionTimeMs: executionTimeMs)
    }

    static let outputs = JobOutputs(images: ["https://cdn.example.com/acme/ComfyUI_00001_.png"])
    static let completed = JobCompleted(outputs: outputs)

    static let oom = JobError(
        code: .oomError, message: "CUDA out of memory", nodeID: "3", exceptionType: "torch.OutOfMemoryError")
    static let invalidWorkflow = JobError(
        code: .workflowError, message: "Node 5: Invalid sampler_name 'invalid'", nodeID: "5")
    static let executorLost = JobError(code: .executorLost, message: "The executor stopped answering")

    static func webhookDelivered(attempt: Int = 1, statusCode: Int = 204) -> WebhookDelivered {
        WebhookDelivered(url: webhookURL, attempt: attempt, statusCode: statusCode, durationMs: 87)
    }

    /// A failed attempt; with `retryAt` nil the notifier gave up.
    static func webhookFailed(attempt: Int = 1, statusCode: Int? = 503, error: String? = nil,
                              retryAt: Timestamp?) -> WebhookFailed {
        WebhookFailed(url: webhookURL, attempt: attempt, statusCode: statusCode, error: error, nextAttemptAt: retryAt)
    }
}

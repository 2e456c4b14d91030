import Foundation
import KomfyEvents
import Testing

/// One job event as a test input: a name that says what it shows, and the envelope.
struct JobEventSample: Sendable, CustomTestStringConvertible {
    enum Variant: String, Sendable {
        /// Every optional field set (the envelope's causation too, except on a job's first event).
        case full
        /// Every optional field nil: what the encoder must omit.
        case minimal
    }

    var variant: Variant
    var envelope: JobEventEnvelope
    /// Tells apart two samples of the same type and variant.
    var detail: String?

    var name: String { [envelope.event.type, variant.rawValue, detail].compactMap { $0 }.joined(separator: ".") }
    var testDescription: String { name }
}

/// A sample of every job event type, full and minimal, told as one job's story: the txt2img
/// workflow of cmfy.cloud's "First Workflow" guide, submitted, run and delivered. The full samples
/// chain through `JobEventEnvelope.caused(by:)`, so their ids are the ones the stages would derive.
enum JobEventSamples {
    static let jobID = UUID(uuidString: "0d9f6a4e-8c5b-4c1e-9f3a-2b7d5e1c8a60")!
    static let requestID = UUID(uuidString: "5b2e0c8f-1d4a-4e7b-a3c6-9f8d7e6b5a41")!
    static let submittedAt = Timestamp(millisecondsSinceEpoch: 1_795_384_648_123)  // 2026-11-22T21:57:28.123Z

    /// A ComfyUI seed above Int64.max: JSONValue must keep it exactly.
    static let bigSeed: UInt64 = 18_446_744_073_709_551_615

    /// The "Complete Workflow" of cmfy.cloud's First Workflow guide, with the largest ComfyUI seed.
    static let promptJSON = """
        {
          "1": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0/resolve/main/sd_xl_base_1.0.safetensors"}},
          "2": {"class_type": "CLIPTextEncode", "inputs": {"text": "a majestic lion in a savanna at golden hour, photorealistic", "clip": ["1", 1]}},
          "3": {"class_type": "CLIPTextEncode", "inputs": {"text": "blurry, low quality, watermark, text", "clip": ["1", 1]}},
          "4": {"class_type": "EmptyLatentImage", "inputs": {"width": 1024, "height": 1024, "batch_size": 1}},
          "5": {"class_type": "KSampler", "inputs": {"seed": 18446744073709551615, "steps": 25, "cfg": 7.0, "sampler_name": "euler_ancestral", "scheduler": "normal", "denoise": 1.0, "model": ["1", 0], "positive": ["2", 0], "negative": ["3", 0], "latent_image": ["4", 0]}},
          "6": {"class_type": "VAEDecode", "inputs": {"samples": ["5", 0], "vae": ["1", 2]}},
          "7": {"class_type": "SaveImage", "inputs": {"filename_prefix": "output", "images": ["6", 0]}}
        }
        """

    /// The prompt as ingest holds it: decoded from the request body.
    static let prompt: JSONValue = {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(promptJSON.utf8))
        } catch {
            preconditionFailure("the sample prompt is not JSON: \(error)")
        }
    }()

    static let checkpointURL =
        "https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0/resolve/main/sd_xl_base_1.0.safetensors"
    static let checkpointSHA256 = "31e35c80fc4829d14f90153f4c74cd59c90b779f6afe05a74cd6120b893f7e5b"
    static let loraSHA256 = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"
    static let imageSHA256 = "9c56cc51b374c3ba189210d5b6d4bf57790d351c96c47c02190ecf1e430635ab"
    static let webhookURL = "https://your-server.com/webhook"

    // MARK: Full samples, one job's story

    static let submitted = JobEventEnvelope(
        id: EventID.named("acme/order-8812-render"),
        jobID: jobID,
        occurredAt: submittedAt,
        producer: "ingest/api-1",
        correlationID: requestID,
        event: JobEvent(JobSubmitted(
            tenant: "acme", prompt: prompt, webhookURL: webhookURL, clientID: "8f3c2a1e-websocket-client",
            source: .http, priority: 5, idempotencyKey: "order-8812-render", requestID: "req_01JD4X7Q9N2M",
            apiKeyID: "key_7Hq2Lm", plan: "pro", metadata: ["order_id": "ord_8812", "user": ["id": 42, "tags": ["beta"]]]))
    )

    static let validated = step(after: submitted, 35, "validator/host-1", JobValidated(
        modelRefs: [
            ModelReference(nodeID: "1", input: "ckpt_name", folder: "checkpoints", url: checkpointURL),
            ModelReference(nodeID: "8", input: "lora_name", folder: "loras", name: "detail-tweaker.safetensors"),
        ],
        outputNodes: ["7"],
        classTypes: ["CLIPTextEncode", "CheckpointLoaderSimple", "EmptyLatentImage", "KSampler", "SaveImage",
                     "VAEDecode"]))

    static let modelsReady = step(after: validated, 48_200, "model-fetcher/host-2", JobModelsReady(models: [
        ReadyModel(url: checkpointURL, sha256: checkpointSHA256, file: "sha256-\(checkpointSHA256).safetensors",
                   folder: "checkpoints", bytes: 6_938_078_334),
        ReadyModel(name: "detail-tweaker.safetensors", sha256: loraSHA256,
                   file: "sha256-\(loraSHA256).safetensors", folder: "loras", bytes: 151_108_831),
    ]))

    static let claimed = step(after: modelsReady, 12, "executor/gpu-node-3",
                              JobClaimed(executorID: "gpu-node-3/cuda:0", attempt: 1, leaseMs: 30_000))
    static let started = step(after: claimed, 40, "executor/gpu-node-3",
                              JobStarted(executorID: "gpu-node-3/cuda:0", attempt: 1))
    static let nodesCached = step(after: started, 60, "executor/gpu-node-3",
                                  NodesCached(attempt: 1, nodeIDs: ["1", "2", "3"]))
    static let nodeExecuting = step(after: started, 95, "executor/gpu-node-3",
                                    NodeExecuting(attempt: 1, nodeID: "5", classType: "KSampler"))
    static let nodeProgress = step(after: started, 1_450, "executor/gpu-node-3",
                                   NodeProgress(attempt: 1, nodeID: "5", value: 12, max: 25), index: 11)
    static let nodeExecuted = step(after: started, 3_120, "executor/gpu-node-3",
                                   NodeExecuted(attempt: 1, nodeID: "7", classType: "SaveImage"))
    static let executed = step(after: started, 3_180, "executor/gpu-node-3", JobExecuted(
        attempt: 1,
        outputs: [StagedOutput(nodeID: "7", kind: .image, staged: "jobs/\(jobID.lowercased)/7/output_00001_.png",
                               filename: "output_00001_.png", bytes: 1_482_911, sha256: imageSHA256,
                               contentType: "image/png")],
        executionTimeMs: 3_095))
    static let completed = step(after: executed, 210, "output-uploader/host-1", JobCompleted(outputs: JobOutputs(
        images: ["https://outputs.example.com/acme/\(jobID.lowercased)/output_00001_.png"],
        videos: ["https://outputs.example.com/acme/\(jobID.lowercased)/preview.mp4"],
        audio: ["https://outputs.example.com/acme/\(jobID.lowercased)/narration.flac"],
        files: ["https://outputs.example.com/acme/\(jobID.lowercased)/latent.safetensors"])))
    static let webhookDelivered = step(after: completed, 180, "webhook-notifier/host-1",
                                       WebhookDelivered(url: webhookURL, attempt: 1, statusCode: 200, durationMs: 143))
    static let webhookFailed = step(after: completed, 412, "webhook-notifier/host-1", WebhookFailed(
        url: webhookURL, attempt: 1, statusCode: 502, error: "502 Bad Gateway",
        nextAttemptAt: Timestamp(rfc3339: "2026-11-22T21:58:25.212Z")))

    /// A client cancelled through the API: caused by a request, not by an event.
    static let cancelRequested = JobEventEnvelope(
        id: UUID(uuidString: "c3a5e7f9-0b1d-4f2e-8a4c-6e8f0a2c4e6a")!,
        jobID: jobID,
        occurredAt: submittedAt.adding(milliseconds: 900),
        producer: "ingest/api-1",
        correlationID: UUID(uuidString: "e1f2a3b4-c5d6-4e7f-8091-a2b3c4d5e6f7")!,
        event: JobEvent(JobCancelRequested(by: "key_7Hq2Lm", reason: "order 8812 was withdrawn"))
    )
    static let cancelled = step(after: cancelRequested, 70, "executor/gpu-node-3", JobCancelled(stage: .executor))
    static let rejected = step(after: submitted, 22, "validator/host-1", JobRejected(error: JobError(
        code: .workflowError, message: "Node 5: Invalid sampler_name 'invalid'", nodeID: "5",
        exceptionType: "ValueError",
        details: ["node_errors": ["5": ["errors": [["type": "value_not_in_list", "details": "sampler_name: 'invalid'"]],
                                        "class_type": "KSampler"]]])))
    static let leaseExpired = step(after: claimed, 30_000, "executor/gpu-node-1",
                                   JobLeaseExpired(attempt: 1, executorID: "gpu-node-3/cuda:0"))
    static let failed = step(after: started, 2_200, "executor/gpu-node-3", JobFailed(
        stage: .executor, attempt: 1,
        error: JobError(code: .oomError, message: "Node 5 (KSampler) ran out of GPU memory", nodeID: "5",
                        exceptionType: "torch.OutOfMemoryError",
                        details: ["allocated_bytes": 25_769_803_776, "free_bytes": 0.5, "retryable": true])))

    static let full: [JobEventSample] = [
        submitted, cancelRequested, validated, rejected, modelsReady, claimed, started, nodeExecuting,
        nodeProgress, nodesCached, nodeExecuted, leaseExpired, executed, completed, failed, cancelled,
        webhookDelivered, webhookFailed,
    ].map { JobEventSample(variant: .full, envelope: $0) }

    // MARK: Minimal samples: no optional set, no causation or correlation

    static let minimal: [JobEventSample] = [
        minimal(JobSubmitted(tenant: "t", prompt: ["1": ["class_type": "SaveImage", "inputs": [:]]], source: .comfyUI)),
        minimal(JobCancelRequested(by: "system")),
        minimal(JobValidated(modelRefs: [], outputNodes: ["9"], classTypes: ["LoadImage", "SaveImage"])),
        minimal(JobRejected(error: JobError(code: .workflowError, message: "Prompt has no outputs"))),
        minimal(JobModelsReady(models: [])),
        minimal(JobClaimed(executorID: "cpu-1", attempt: 1, leaseMs: 0)),
        minimal(JobStarted(executorID: "cpu-1", attempt: 1)),
        minimal(NodeExecuting(attempt: 2, nodeID: "5")),
        minimal(NodeProgress(attempt: 1, nodeID: "5", value: 0, max: 0)),
        minimal(NodesCached(attempt: 1, nodeIDs: [])),
        minimal(NodeExecuted(attempt: 3, nodeID: "9")),
        minimal(JobLeaseExpired(attempt: 3, executorID: "cpu-1")),
        minimal(JobExecuted(attempt: 1, outputs: [], executionTimeMs: 0)),
        minimal(JobCompleted(outputs: JobOutputs())),
        minimal(JobFailed(stage: .outputUploader, error: JobError(code: .internalError, message: "disk full"))),
        minimal(JobCancelled(stage: .ingest)),
        minimal(WebhookDelivered(url: "http://127.0.0.1:8089/hook", attempt: 1, statusCode: 204, durationMs: 0)),
        // WebhookFailed carries a status code or an error (its schema requires one of them).
        minimal(WebhookFailed(url: "https://your-server.com/webhook", attempt: 9, statusCode: 410), detail: "answered"),
        minimal(WebhookFailed(url: "https://your-server.com/webhook", attempt: 9, error: "timed out after 30 s"),
                detail: "unanswered"),
    ]

    static let all: [JobEventSample] = full + minimal

    // MARK: Building blocks

    /// The `index`-th event a stage writes because of `cause`, `milliseconds` after it.
    private static func step<P: JobEventPayload>(
        after cause: JobEventEnvelope, _ milliseconds: Int64, _ producer: String, _ payload: P, index: Int = 0
    ) -> JobEventEnvelope {
        .caused(by: cause, index: index, producer: producer, at: cause.occurredAt.adding(milliseconds: milliseconds),
                payload)
    }

    private static func minimal<P: JobEventPayload>(_ payload: P, detail: String? = nil) -> JobEventSample {
        JobEventSample(
            variant: .minimal,
            envelope: JobEventEnvelope(
                id: EventID.named("minimal/\(P.eventType)/\(detail ?? "")"),
                jobID: UUID(uuidString: "00000000-0000-4000-8000-000000000001")!,
                occurredAt: Timestamp(millisecondsSinceEpoch: 0),
                producer: "test",
                event: JobEvent(payload)),
            detail: detail)
    }
}

extension UUID {
    /// The form Komfy writes: lowercase, as RFC 9562 asks.
    var lowercased: String { uuidString.lowercased() }
}

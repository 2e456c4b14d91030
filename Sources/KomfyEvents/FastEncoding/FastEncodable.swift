/// A value `JobEventCodec` writes straight to bytes with `JSONWriter`, bypassing `JSONEncoder`.
///
/// Each conformance writes exactly what the type's Codable conformance writes with sorted keys: the
/// same keys in `String` order, optional fields left out when nil. `FastEncodingTests` holds every
/// event type byte-for-byte equal to `JSONEncoder`'s output.
protocol FastEncodable {
    func write(to writer: inout JSONWriter) throws(JSONWriter.NonConformingFloat)
}

// MARK: - Submission

extension JobSubmitted: FastEncodable {
    func write(to writer: inout JSONWriter) throws(JSONWriter.NonConformingFloat) {
        writer.beginObject()
        writer.field("api_key_id", apiKeyID)
        writer.field("client_id", clientID)
        writer.field("idempotency_key", idempotencyKey)
        try writer.field("metadata", metadata)
        writer.field("plan", plan)
        writer.field("priority", priority)
        try writer.field("prompt", prompt)
        writer.field("request_id", requestID)
        writer.field("source", source.rawValue)
        writer.field("tenant", tenant)
        writer.field("webhook_url", webhookURL)
        writer.endObject()
    }
}

extension JobCancelRequested: FastEncodable {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("by", by)
        writer.field("reason", reason)
        writer.endObject()
    }
}

// MARK: - Validation and models

extension JobValidated: FastEncodable {
    func write(to writer: inout JSONWriter) throws(JSONWriter.NonConformingFloat) {
        writer.beginObject()
        writer.field("class_types", classTypes)
        try writer.field("model_refs", modelRefs)
        writer.field("output_nodes", outputNodes)
        writer.endObject()
    }
}

extension ModelReference: FastEncodable {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("folder", folder)
        writer.field("input", input)
        writer.field("name", name)
        writer.field("node_id", nodeID)
        writer.field("url", url)
        writer.endObject()
    }
}

extension JobRejected: FastEncodable {
    func write(to writer: inout JSONWriter) throws(JSONWriter.NonConformingFloat) {
        writer.beginObject()
        try writer.field("error", error)
        writer.endObject()
    }
}

extension JobError: FastEncodable {
    func write(to writer: inout JSONWriter) throws(JSONWriter.NonConformingFloat) {
        writer.beginObject()
        writer.field("code", code.rawValue)
        try writer.field("details", details)
        writer.field("exception_type", exceptionType)
        writer.field("message", message)
        writer.field("node_id", nodeID)
        writer.endObject()
    }
}

extension JobModelsReady: FastEncodable {
    func write(to writer: inout JSONWriter) throws(JSONWriter.NonConformingFloat) {
        writer.beginObject()
        try writer.field("models", models)
        writer.endObject()
    }
}

extension ReadyModel: FastEncodable {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("bytes", bytes)
        writer.field("file", file)
        writer.field("folder", folder)
        writer.field("name", name)
        writer.field("sha256", sha256)
        writer.field("url", url)
        writer.endObject()
    }
}

// MARK: - Execution

extension JobClaimed: FastEncodable {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("attempt", attempt)
        writer.field("executor_id", executorID)
        writer.field("lease_ms", leaseMs)
        writer.endObject()
    }
}

extension JobStarted: FastEncodable {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("attempt", attempt)
        writer.field("executor_id", executorID)
        writer.endObject()
    }
}

extension NodeExecuting: FastEncodable {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("attempt", attempt)
        writer.field("class_type", classType)
        writer.field("node_id", nodeID)
        writer.endObject()
    }
}

extension NodeProgress: FastEncodable {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("attempt", attempt)
        writer.field("max", max)
        writer.field("node_id", nodeID)
        writer.field("value", value)
        writer.endObject()
    }
}

extension NodesCached: FastEncodable {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("attempt", attempt)
        writer.field("node_ids", nodeIDs)
        writer.endObject()
    }
}

extension NodeExecuted: FastEncodable {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("attempt", attempt)
        writer.field("class_type", classType)
        writer.field("node_id", nodeID)
        writer.endObject()
    }
}

extension JobLeaseExpired: FastEncodable {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("attempt", attempt)
        writer.field("executor_id", executorID)
        writer.endObject()
    }
}

extension JobExecuted: FastEncodable {
    func write(to writer: inout JSONWriter) throws(JSONWriter.NonConformingFloat) {
        writer.beginObject()
        writer.field("attempt", attempt)
        writer.field("execution_time_ms", executionTimeMs)
        try writer.field("outputs", outputs)
        writer.endObject()
    }
}

extension StagedOutput: FastEncodable {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("bytes", bytes)
        writer.field("content_type", contentType)
        writer.field("filename", filename)
        writer.field("kind", kind.rawValue)
        writer.field("node_id", nodeID)
        writer.field("sha256", sha256)
        writer.field("staged", staged)
        writer.endObject()
    }
}

// MARK: - Outcomes and webhooks

extension JobCompleted: FastEncodable {
    func write(to writer: inout JSONWriter) throws(JSONWriter.NonConformingFloat) {
        writer.beginObject()
        try writer.field("outputs", outputs)
        writer.endObject()
    }
}

extension JobOutputs: FastEncodable {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("audio", audio)
        writer.field("files", files)
        writer.field("images", images)
        writer.field("videos", videos)
        writer.endObject()
    }
}

extension JobFailed: FastEncodable {
    func write(to writer: inout JSONWriter) throws(JSONWriter.NonConformingFloat) {
        writer.beginObject()
        writer.field("attempt", attempt)
        try writer.field("error", error)
        writer.field("stage", stage.rawValue)
        writer.endObject()
    }
}

extension JobCancelled: FastEncodable {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("stage", stage.rawValue)
        writer.endObject()
    }
}

extension WebhookDelivered: FastEncodable {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("attempt", attempt)
        writer.field("duration_ms", durationMs)
        writer.field("status_code", statusCode)
        writer.field("url", url)
        writer.endObject()
    }
}

extension WebhookFailed: FastEncodable {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("attempt", attempt)
        writer.field("error", error)
        if let nextAttemptAt {
            writer.key("next_attempt_at")
            writer.timestamp(nextAttemptAt)
        }
        writer.field("status_code", statusCode)
        writer.field("url", url)
        writer.endObject()
    }
}

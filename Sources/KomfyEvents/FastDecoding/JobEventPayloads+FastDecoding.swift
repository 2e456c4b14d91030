extension JobSubmitted: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        var tenant: String?, prompt: JSONValue?, webhookURL: String?, clientID: String?, source: String?
        var priority: Int?, idempotencyKey: String?, requestID: String?, apiKeyID: String?, plan: String?, metadata: JSONValue?
        try reader.readObject { reader, key in
            switch key {
            case "tenant": tenant = try reader.readString()
            case "prompt":
                if reader.skipsPrompts {
                    try reader.skipValue()
                    prompt = .null
                } else {
                    prompt = try reader.readJSONValue()
                }
            case "webhook_url": webhookURL = try reader.readOptionalString()
            case "client_id": clientID = try reader.readOptionalString()
            case "source": source = try reader.readString()
            case "priority": priority = try reader.readInt()
            case "idempotency_key": idempotencyKey = try reader.readOptionalString()
            case "request_id": requestID = try reader.readOptionalString()
            case "api_key_id": apiKeyID = try reader.readOptionalString()
            case "plan": plan = try reader.readOptionalString()
            case "metadata": metadata = try reader.readOptionalJSON()
            default: try reader.skipValue()
            }
        }
        self.init(tenant: try required(tenant, "tenant", reader), prompt: try required(prompt, "prompt", reader),
                  webhookURL: webhookURL, clientID: clientID, source: JobSource(rawValue: try required(source, "source", reader)),
                  priority: try required(priority, "priority", reader), idempotencyKey: idempotencyKey,
                  requestID: requestID, apiKeyID: apiKeyID, plan: plan, metadata: metadata)
    }
}

extension JobCancelRequested: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        var by: String?, reason: String?
        try reader.readObject { reader, key in
            switch key {
            case "by": by = try reader.readString()
            case "reason": reason = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
        self.init(by: try required(by, "by", reader), reason: reason)
    }
}

extension JobValidated: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        var modelRefs: [ModelReference]?, outputNodes: [String]?, classTypes: [String]?
        try reader.readObject { reader, key in
            switch key {
            case "model_refs": modelRefs = try reader.readArray { try $0.read() }
            case "output_nodes": outputNodes = try reader.readStrings()
            case "class_types": classTypes = try reader.readStrings()
            default: try reader.skipValue()
            }
        }
        self.init(modelRefs: try required(modelRefs, "model_refs", reader),
                  outputNodes: try required(outputNodes, "output_nodes", reader),
                  classTypes: try required(classTypes, "class_types", reader))
    }
}

extension JobRejected: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        var error: JobError?
        try reader.readObject { reader, key in
            if key == "error" { error = try reader.read() } else { try reader.skipValue() }
        }
        self.init(error: try required(error, "error", reader))
    }
}

extension JobModelsReady: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        var models: [ReadyModel]?
        try reader.readObject { reader, key in
            if key == "models" { models = try reader.readArray { try $0.read() } } else { try reader.skipValue() }
        }
        self.init(models: try required(models, "models", reader))
    }
}

/// The many execution events share fields: read them all with one reader, then build the type.
private struct ExecutionFields {
    var executorID: String?, attempt: Int?, leaseMs: Int64?, nodeID: String?, classType: String?
    var value: Int?, max: Int?, nodeIDs: [String]?, outputs: [StagedOutput]?, executionTimeMs: Int64?

    init(reading reader: inout JSONReader) throws {
        var fields = ExecutionFields()
        try reader.readObject { reader, key in
            switch key {
            case "executor_id": fields.executorID = try reader.readString()
            case "attempt": fields.attempt = try reader.readInt()
            case "lease_ms": fields.leaseMs = try reader.readInt64()
            case "node_id": fields.nodeID = try reader.readString()
            case "class_type": fields.classType = try reader.readOptionalString()
            case "value": fields.value = try reader.readInt()
            case "max": fields.max = try reader.readInt()
            case "node_ids": fields.nodeIDs = try reader.readStrings()
            case "outputs": fields.outputs = try reader.readArray { try $0.read() }
            case "execution_time_ms": fields.executionTimeMs = try reader.readInt64()
            default: try reader.skipValue()
            }
        }
        self = fields
    }

    private init() {}
}

extension JobClaimed: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        let f = try ExecutionFields(reading: &reader)
        self.init(executorID: try required(f.executorID, "executor_id", reader), attempt: try required(f.attempt, "attempt", reader),
                  leaseMs: try required(f.leaseMs, "lease_ms", reader))
    }
}

extension JobStarted: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        let f = try ExecutionFields(reading: &reader)
        self.init(executorID: try required(f.executorID, "executor_id", reader), attempt: try required(f.attempt, "attempt", reader))
    }
}

extension NodeExecuting: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        let f = try ExecutionFields(reading: &reader)
        self.init(attempt: try required(f.attempt, "attempt", reader), nodeID: try required(f.nodeID, "node_id", reader),
                  classType: f.classType)
    }
}

extension NodeProgress: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        let f = try ExecutionFields(reading: &reader)
        self.init(attempt: try required(f.attempt, "attempt", reader), nodeID: try required(f.nodeID, "node_id", reader),
                  value: try required(f.value, "value", reader), max: try required(f.max, "max", reader))
    }
}

extension NodesCached: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        let f = try ExecutionFields(reading: &reader)
        self.init(attempt: try required(f.attempt, "attempt", reader), nodeIDs: try required(f.nodeIDs, "node_ids", reader))
    }
}

extension NodeExecuted: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        let f = try ExecutionFields(reading: &reader)
        self.init(attempt: try required(f.attempt, "attempt", reader), nodeID: try required(f.nodeID, "node_id", reader),
                  classType: f.classType)
    }
}

extension JobLeaseExpired: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        let f = try ExecutionFields(reading: &reader)
        self.init(attempt: try required(f.attempt, "attempt", reader), executorID: try required(f.executorID, "executor_id", reader))
    }
}

extension JobExecuted: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        let f = try ExecutionFields(reading: &reader)
        self.init(attempt: try required(f.attempt, "attempt", reader), outputs: try required(f.outputs, "outputs", reader),
                  executionTimeMs: try required(f.executionTimeMs, "execution_time_ms", reader))
    }
}

extension JobCompleted: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        var outputs: JobOutputs?
        try reader.readObject { reader, key in
            if key == "outputs" { outputs = try reader.read() } else { try reader.skipValue() }
        }
        self.init(outputs: try required(outputs, "outputs", reader))
    }
}

extension JobFailed: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        var stage: String?, attempt: Int?, error: JobError?
        try reader.readObject { reader, key in
            switch key {
            case "stage": stage = try reader.readString()
            case "attempt": attempt = try reader.readOptionalInt()
            case "error": error = try reader.read()
            default: try reader.skipValue()
            }
        }
        self.init(stage: JobStage(rawValue: try required(stage, "stage", reader)), attempt: attempt,
                  error: try required(error, "error", reader))
    }
}

extension JobCancelled: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        var stage: String?
        try reader.readObject { reader, key in
            if key == "stage" { stage = try reader.readString() } else { try reader.skipValue() }
        }
        self.init(stage: JobStage(rawValue: try required(stage, "stage", reader)))
    }
}

extension WebhookDelivered: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        var url: String?, attempt: Int?, statusCode: Int?, durationMs: Int64?
        try reader.readObject { reader, key in
            switch key {
            case "url": url = try reader.readString()
            case "attempt": attempt = try reader.readInt()
            case "status_code": statusCode = try reader.readInt()
            case "duration_ms": durationMs = try reader.readInt64()
            default: try reader.skipValue()
            }
        }
        self.init(url: try required(url, "url", reader), attempt: try required(attempt, "attempt", reader),
                  statusCode: try required(statusCode, "status_code", reader), durationMs: try required(durationMs, "duration_ms", reader))
    }
}

extension WebhookFailed: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        var url: String?, attempt: Int?, statusCode: Int?, error: String?, nextAttemptAt: Timestamp?
        try reader.readObject { reader, key in
            switch key {
            case "url": url = try reader.readString()
            case "attempt": attempt = try reader.readInt()
            case "status_code": statusCode = try reader.readOptionalInt()
            case "error": error = try reader.readOptionalString()
            case "next_attempt_at": nextAttemptAt = reader.readNull() ? nil : try reader.readTimestamp()
            default: try reader.skipValue()
            }
        }
        self.init(url: try required(url, "url", reader), attempt: try required(attempt, "attempt", reader),
                  statusCode: statusCode, error: error, nextAttemptAt: nextAttemptAt)
    }
}

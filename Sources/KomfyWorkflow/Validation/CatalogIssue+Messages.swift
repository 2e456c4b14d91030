import KomfyEvents

// Every issue the validator reports is built here, so the wording stays consistent and
// docs/validation.md can be checked against one place. The `comfy*` texts are ComfyUI's own (see its
// execution.py, validate_inputs), so clients that parse them keep working.
extension CatalogIssue {
    static func unknownClass(_ id: String, classType: String, suggestion: String?) -> CatalogIssue {
        let hint = suggestion.map { " (did you mean '\(MessageText.name($0))'?)" } ?? ""
        return CatalogIssue(
            nodeID: id, type: "missing_node_type",
            message: "\(node(id))Unknown node type '\(MessageText.name(classType))'\(hint)",
            comfyMessage: "Node '\(classType)' not found. The custom node may not be installed.",
            comfyDetails: "Node ID '#\(id)'",
            extraInfo: ["node_id": .string(id), "class_type": .string(classType), "node_title": .string(classType)]
        )
    }

    static func requiredInputMissing(_ id: String, _ input: InputDefinition) -> CatalogIssue {
        CatalogIssue(
            nodeID: id, input: input.name, type: "required_input_missing",
            message: "\(node(id))Required input '\(MessageText.name(input.name))' is missing: \(howToSet(input))",
            comfyMessage: "Required input is missing", comfyDetails: input.name,
            extraInfo: ["input_name": .string(input.name)]
        )
    }

    static func badLinkedInput(_ id: String, _ input: InputDefinition, value: JSONValue) -> CatalogIssue {
        CatalogIssue(
            nodeID: id, input: input.name, type: "bad_linked_input",
            message: "\(node(id))Invalid \(MessageText.name(input.name)) \(shown(value)): a list is read as a link, "
                + "which must be [\"node_id\", output_index]",
            comfyMessage: "Bad linked input, must be a length-2 list of [node_id, slot_index]",
            comfyDetails: input.name,
            extraInfo: inputInfo(input, ["received_value": value])
        )
    }

    static func badOutputIndex(
        _ id: String, _ input: InputDefinition, link: JSONValue, target: String, targetClass: String,
        outputIndex: UInt64, outputCount: Int
    ) -> CatalogIssue {
        let structural = StructureIssue.badOutputIndex(
            id, input: input.name, target: target, classType: targetClass, outputIndex: outputIndex,
            outputCount: outputCount
        )
        return CatalogIssue(
            nodeID: id, input: input.name, type: "bad_linked_input", message: structural.message,
            comfyMessage: "Bad linked input, must be a length-2 list of [node_id, slot_index]",
            comfyDetails: input.name,
            extraInfo: inputInfo(input, ["received_value": link])
        )
    }

    static func returnTypeMismatch(
        _ id: String, _ input: InputDefinition, link: JSONValue, received: String, target: String,
        targetClass: String, outputIndex: UInt64
    ) -> CatalogIssue {
        CatalogIssue(
            nodeID: id, input: input.name, type: "return_type_mismatch",
            message: "\(node(id))Input '\(MessageText.name(input.name))' takes \(article(input.type.name)), but output "
                + "\(outputIndex) of node \(MessageText.nodeID(target)) (\(MessageText.name(targetClass))) gives "
                + "\(article(received))",
            comfyMessage: "Return type mismatch between linked nodes",
            comfyDetails: "\(input.name), received_type(\(received)) mismatch input_type(\(input.type.name))",
            extraInfo: inputInfo(input, ["received_type": .string(received), "linked_node": link])
        )
    }

    static func invalidInputType(_ id: String, _ input: InputDefinition, value: JSONValue) -> CatalogIssue {
        let expected = input.type == .int ? "a whole number (INT)" : "a number (FLOAT)"
        let python = input.type == .int ? "int()" : "float()"
        return CatalogIssue(
            nodeID: id, input: input.name, type: "invalid_input_type",
            message: "\(node(id))Invalid \(MessageText.name(input.name)) \(shown(value)): expected \(expected)",
            comfyMessage: "Failed to convert an input value to a \(input.type.name) value",
            comfyDetails: "\(input.name), \(PythonText.str(value)), could not convert \(PythonText.repr(value)) with \(python)",
            extraInfo: inputInfo(input, [
                "received_value": value,
                "exception_message": .string("could not convert \(PythonText.repr(value)) with \(python)"),
            ])
        )
    }

    /// A plain value where only a link can give the input's type (`"model": "sdxl"`). ComfyUI lets it
    /// through and the node fails once running; it is always a mistake, so it is caught here.
    static func linkExpected(_ id: String, _ input: InputDefinition, value: JSONValue) -> CatalogIssue {
        CatalogIssue(
            nodeID: id, input: input.name, type: "invalid_input_type",
            message: "\(node(id))Invalid \(MessageText.name(input.name)) \(shown(value)): link it to "
                + "\(article(input.type.name)) output, as [\"node_id\", output_index]",
            comfyMessage: "Failed to convert an input value to a \(input.type.name) value",
            comfyDetails: "\(input.name), \(PythonText.str(value)), a \(input.type.name) comes only from a linked node",
            extraInfo: inputInfo(input, ["received_value": value])
        )
    }

    static func valueSmallerThanMin(_ id: String, _ input: InputDefinition, value: JSONValue) -> CatalogIssue {
        let minimum = input.declarationOption("min")
        return CatalogIssue(
            nodeID: id, input: input.name, type: "value_smaller_than_min",
            message: "\(node(id))\(MessageText.name(input.name)) \(MessageText.json(value)) is below the minimum "
                + MessageText.json(minimum),
            comfyMessage: "Value \(PythonText.str(value)) smaller than min of \(PythonText.str(minimum))",
            comfyDetails: input.name,
            extraInfo: inputInfo(input, ["received_value": value])
        )
    }

    static func valueBiggerThanMax(_ id: String, _ input: InputDefinition, value: JSONValue) -> CatalogIssue {
        let maximum = input.declarationOption("max")
        return CatalogIssue(
            nodeID: id, input: input.name, type: "value_bigger_than_max",
            message: "\(node(id))\(MessageText.name(input.name)) \(MessageText.json(value)) is above the maximum "
                + MessageText.json(maximum),
            comfyMessage: "Value \(PythonText.str(value)) bigger than max of \(PythonText.str(maximum))",
            comfyDetails: input.name,
            extraInfo: inputInfo(input, ["received_value": value])
        )
    }

    /// ComfyUI leaves lists longer than 20 (file lists) out of the entry; so does Komfy.
    static func valueNotInList(
        _ id: String, _ input: InputDefinition, value: JSONValue, choices: [JSONValue], suggestion: String?
    ) -> CatalogIssue {
        let hint = suggestion.map { " (did you mean '\(MessageText.name($0))'?)" } ?? ""
        let listInfo = choices.count > 20 ? "(list of length \(choices.count))" : PythonText.repr(.array(choices))
        var extra = inputInfo(input, ["received_value": value])
        if choices.count > 20 { extra["input_config"] = .null }
        return CatalogIssue(
            nodeID: id, input: input.name, type: "value_not_in_list",
            message: "\(node(id))Invalid \(MessageText.name(input.name)) \(shown(value))\(hint)",
            comfyMessage: "Value not in list",
            comfyDetails: "\(input.name): \(PythonText.repr(value)) not in \(listInfo)",
            extraInfo: extra
        )
    }

    static func unknownModel(_ id: String, _ input: InputDefinition, folder: String, value: JSONValue) -> CatalogIssue {
        CatalogIssue(
            nodeID: id, input: input.name, type: "value_not_in_list",
            message: "\(node(id))Invalid \(MessageText.name(input.name)) \(shown(value)): no such model in "
                + "\(folder); give an HTTPS URL to download it, or the name of a model Komfy has",
            comfyMessage: "Value not in list",
            comfyDetails: "\(input.name): \(PythonText.repr(value)) not in the \(folder) models",
            extraInfo: ["input_name": .string(input.name), "received_value": value, "model_folder": .string(folder)]
        )
    }

    /// The URL itself never appears: it may carry a token in its query, or a password.
    static func modelURLRejected(
        _ id: String, _ input: InputDefinition, problem: ModelURLProblem, policy: ModelURLPolicy
    ) -> CatalogIssue {
        let name = MessageText.name(input.name)
        let rule: String =
            switch problem {
            case .malformed: "is not a valid URL"
            case .notHTTPS(let scheme): "must use https, not \(MessageText.name(scheme))"
            case .credentials:
                "must not contain a user name or password (Komfy adds the credentials configured for the domain)"
            case .domainNotAllowed(let host):
                "host '\(MessageText.name(host))' is not allowed: models may come from \(policy.allowedSourcesText)"
            }
        var extra: [String: JSONValue] = ["input_name": .string(input.name), "rule": .string(problem.rule)]
        if case .domainNotAllowed(let host) = problem {
            extra["host"] = .string(host)
            extra["allowed_domains"] = .array(policy.allowedDomains.map(JSONValue.string))
            extra["allows_amazon_s3"] = .bool(policy.allowsAmazonS3)
        }
        return CatalogIssue(
            nodeID: id, input: input.name, type: "model_url_not_allowed",
            message: "\(node(id))\(name) URL \(rule)",
            comfyMessage: "Model URL not allowed", comfyDetails: "\(input.name): \(problem.rule)",
            extraInfo: extra
        )
    }

    static func inputFileOutsideFolder(_ id: String, _ input: InputDefinition, value: JSONValue) -> CatalogIssue {
        CatalogIssue(
            nodeID: id, input: input.name, type: "custom_validation_failed",
            message: "\(node(id))Invalid \(MessageText.name(input.name)) \(shown(value)): give the name of an "
                + "uploaded file, without folders above it",
            comfyMessage: "Custom validation failed for node",
            comfyDetails: "\(input.name) - Invalid file: \(PythonText.str(value))",
            extraInfo: ["input_name": .string(input.name)]
        )
    }

    static let promptNoOutputs = CatalogIssue(
        nodeID: nil, type: "prompt_no_outputs", message: StructureIssue.promptNoOutputs.message,
        comfyMessage: "Prompt has no outputs", comfyDetails: ""
    )

    // MARK: Plan limits

    static func stepsOverLimit(_ id: String, _ input: InputDefinition, value: JSONValue, limit: Int) -> CatalogIssue {
        overLimit(
            id, input: input.name, name: "max_steps", value: value, limit: limit,
            message: "\(node(id))\(MessageText.name(input.name)) \(MessageText.json(value)) exceeds your plan's limit of \(limit) steps"
        )
    }

    static func batchOverLimit(_ id: String, _ input: InputDefinition, value: JSONValue, limit: Int) -> CatalogIssue {
        overLimit(
            id, input: input.name, name: "max_batch_size", value: value, limit: limit,
            message: "\(node(id))\(MessageText.name(input.name)) \(MessageText.json(value)) exceeds your plan's "
                + "limit of \(limit) per batch"
        )
    }

    static func pixelsOverLimit(_ id: String, width: Int64, height: Int64, limit: Int) -> CatalogIssue {
        let side = Int(Double(limit).squareRoot())
        let shape = side * side == limit ? " (\(side)x\(side))" : ""
        let pixels = width.multipliedReportingOverflow(by: height)
        return overLimit(
            id, input: "width", name: "max_pixels", value: pixels.overflow ? .double(Double(width) * Double(height)) : .int(pixels.partialValue),
            limit: limit,
            message: "\(node(id))\(width)x\(height) is \(pixels.overflow ? "too many" : String(pixels.partialValue)) pixels, "
                + "which exceeds your plan's limit of \(limit) pixels\(shape)"
        )
    }

    static func nodesOverLimit(count: Int, limit: Int) -> CatalogIssue {
        overLimit(
            nil, input: nil, name: "max_nodes", value: .int(Int64(count)), limit: limit,
            message: "The workflow has \(count) nodes, which exceeds your plan's limit of \(limit) nodes"
        )
    }

    private static func overLimit(
        _ id: String?, input: String?, name: String, value: JSONValue, limit: Int, message: String
    ) -> CatalogIssue {
        var extra: [String: JSONValue] = ["limit_name": .string(name), "limit": .int(Int64(limit)), "received_value": value]
        if let input { extra["input_name"] = .string(input) }
        return CatalogIssue(
            nodeID: id, input: input, type: "plan_limit_exceeded", message: message,
            comfyMessage: "Value exceeds the plan's limit of \(limit)",
            comfyDetails: input ?? name, extraInfo: extra,
            limit: ["name": .string(name), "limit": .int(Int64(limit)), "value": value]
        )
    }

    // MARK: Text helpers

    private static func node(_ id: String) -> String { "Node \(MessageText.nodeID(id)): " }

    /// A value inside a message: strings in single quotes as cmfy.cloud writes them
    /// (`Invalid sampler_name 'invalid'`), long ones cut, other values as JSON.
    static func shown(_ value: JSONValue) -> String {
        let limit = 80
        switch value {
        case .string(let text):
            let cut = text.count > limit ? String(text.prefix(limit)) + "..." : text
            return "'\(MessageText.name(cut))'"
        default:
            let text = MessageText.json(value)
            return text.count > limit ? String(text.prefix(limit)) + "..." : text
        }
    }

    private static func article(_ type: String) -> String {
        guard let first = type.first else { return "a value" }
        if type == "*" { return "any value" }
        return ("AEIOU".contains(first) ? "an " : "a ") + MessageText.name(type)
    }

    private static func howToSet(_ input: InputDefinition) -> String {
        if let folder = input.modelFolder { return "give an HTTPS URL of the model, or the name of a model in \(folder)" }
        switch input.type {
        case .link(let type): return "link it to \(article(type)) output"
        case .combo(let choices?) where !choices.isEmpty:
            return "set it to one of its \(choices.count) choices, such as \(shown(input.defaultValue ?? choices[0]))"
        default:
            if let value = input.defaultValue { return "set it to \(article(input.type.name)), such as \(shown(value))" }
            return "set it to \(article(input.type.name))"
        }
    }

    /// `input_name` and `input_config` (the declaration) as ComfyUI puts them in `extra_info`.
    private static func inputInfo(_ input: InputDefinition, _ extra: [String: JSONValue]) -> [String: JSONValue] {
        var info = extra
        info["input_name"] = .string(input.name)
        info["input_config"] = input.declaration
        return info
    }
}

extension InputDefinition {
    /// An option of the declaration as the engine wrote it (`1` stays `1` for an `INT` input).
    /// A `FLOAT` input's bound is a float even when written `1.0`, which JSON readers take for `1`.
    func declarationOption(_ key: String) -> JSONValue {
        let option = declaration.arrayValue?.dropFirst().first?[key] ?? .null
        if type == .float, let number = option.doubleValue { return .double(number) }
        return option
    }
}

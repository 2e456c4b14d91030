import KomfyEvents

/// Reads ComfyUI's `/object_info` document into node definitions, and the canonical form of it that
/// the catalog fingerprint hashes.
///
/// Both the classic declarations (`"ckpt_name": [["a.safetensors", ...], {...}]`) and those of
/// ComfyUI's newer node API (`"model_name": ["COMBO", {"options": [...]}]`) are read. Anything that
/// is not shaped like an engine's catalog is refused with the class and field that broke, since a
/// wrong document (an HTML page, another endpoint's JSON) must never become an empty catalog.
enum ObjectInfoParser {
    struct Parsed {
        var definitions: [NodeDefinition]
        /// The document with the choice lists of model and input-file inputs emptied: what two
        /// engines of one build agree on whatever files they have.
        var canonical: JSONValue
    }

    static func parse(_ document: JSONValue) throws -> Parsed {
        guard case .object(let classes) = document else {
            throw NodeCatalogError(
                "object_info must be a JSON object of node class names to definitions, got \(MessageText.kind(document))"
            )
        }
        guard !classes.isEmpty else {
            throw NodeCatalogError("object_info has no node classes: the engine served an empty catalog")
        }
        var definitions: [NodeDefinition] = []
        definitions.reserveCapacity(classes.count)
        var canonical: [String: JSONValue] = [:]
        canonical.reserveCapacity(classes.count)
        for (classType, entry) in classes {
            let (definition, canonicalEntry) = try parseClass(classType, entry)
            definitions.append(definition)
            canonical[classType] = canonicalEntry
        }
        return Parsed(definitions: definitions, canonical: .object(canonical))
    }

    private static func parseClass(_ classType: String, _ entry: JSONValue) throws -> (NodeDefinition, JSONValue) {
        let label = "object_info entry '\(MessageText.name(classType))'"
        guard case .object(var fields) = entry else {
            throw NodeCatalogError("\(label) must be an object, got \(MessageText.kind(entry))")
        }
        guard case .object(var declared) = fields["input"] else {
            throw NodeCatalogError("\(label) has no \"input\" object: this is not ComfyUI's /object_info")
        }
        guard case .array(let outputTypes) = fields["output"] else {
            throw NodeCatalogError("\(label) has no \"output\" array: this is not ComfyUI's /object_info")
        }
        let order = fields["input_order"]?.objectValue ?? [:]

        var inputs: [InputDefinition] = []
        for category in ["required", "optional"] {
            guard let group = declared[category] else { continue }
            guard case .object(var specs) = group else {
                throw NodeCatalogError("\(label): \"input.\(category)\" must be an object, got \(MessageText.kind(group))")
            }
            for name in orderedNames(Array(specs.keys), order[category]) {
                let input = try parseInput(name, specs[name]!, classType: classType, required: category == "required", label: label)
                inputs.append(input)
                if input.modelFolder != nil || input.isInputFile { specs[name] = withoutChoices(specs[name]!) }
            }
            declared[category] = .object(specs)
        }
        let hidden = declared["hidden"]?.objectValue.map { orderedNames(Array($0.keys), order["hidden"]) } ?? []

        let isList = fields["output_is_list"]?.arrayValue ?? []
        let names = fields["output_name"]?.arrayValue ?? []
        let outputs = outputTypes.enumerated().map { index, type in
            let typeName = type.stringValue ?? "COMBO"
            return OutputDefinition(
                type: typeName,
                name: index < names.count ? (names[index].stringValue ?? typeName) : typeName,
                isList: index < isList.count && isList[index] == .bool(true)
            )
        }
        // Prompts name classes by their key, which ComfyUI also sends as "name".
        let name = classType
        let definition = NodeDefinition(
            name: name,
            displayName: fields["display_name"]?.stringValue ?? name,
            category: fields["category"]?.stringValue ?? "",
            inputs: inputs,
            hiddenInputs: hidden,
            outputs: outputs,
            isOutputNode: fields["output_node"] == .bool(true)
        )
        fields["input"] = .object(declared)
        return (definition, .object(fields))
    }

    /// The engine's `input_order` when it sent one (names it lists that exist), then any names it left
    /// out in byte order, so that the order never depends on how a dictionary hashes.
    private static func orderedNames(_ names: [String], _ order: JSONValue?) -> [String] {
        let present = Set(names)
        var ordered: [String] = []
        var seen = Set<String>()
        for case .string(let name) in order?.arrayValue ?? [] where present.contains(name) && !seen.contains(name) {
            ordered.append(name)
            seen.insert(name)
        }
        ordered += names.filter { !seen.contains($0) }.sorted()
        return ordered
    }

    private static func parseInput(
        _ name: String, _ spec: JSONValue, classType: String, required: Bool, label: String
    ) throws -> InputDefinition {
        guard case .array(let parts) = spec, let typeValue = parts.first else {
            throw NodeCatalogError(
                "\(label): input '\(MessageText.name(name))' must be declared as [type, options], got \(MessageText.json(spec))"
            )
        }
        let options = parts.count > 1 ? (parts[1].objectValue ?? [:]) : [:]
        let runtimeChoices = options["remote"] != nil || options["multiselect"] == .bool(true)
        let type: InputType
        switch typeValue {
        case .array(let choices): type = .combo(choices: runtimeChoices ? nil : choices)
        case .string("INT"): type = .int
        case .string("FLOAT"): type = .float
        case .string("STRING"): type = .string
        case .string("BOOLEAN"): type = .boolean
        case .string("COMBO"): type = .combo(choices: runtimeChoices ? nil : options["options"]?.arrayValue)
        case .string(let linkType): type = .link(linkType)
        default:
            throw NodeCatalogError(
                "\(label): input '\(MessageText.name(name))' has a type that is neither a name nor a list: \(MessageText.json(typeValue))"
            )
        }
        let isCombo = if case .combo = type { true } else { false }
        return InputDefinition(
            name: name,
            type: type,
            isRequired: required,
            min: options["min"]?.doubleValue,
            max: options["max"]?.doubleValue,
            step: options["step"]?.doubleValue,
            defaultValue: options["default"],
            forceInput: options["forceInput"] == .bool(true),
            isLazy: options["lazy"] == .bool(true),
            modelFolder: isCombo ? ModelFolders.folder(forInput: name, ofClass: classType) : nil,
            isInputFile: isCombo && InputFiles.isInputFile(input: name, ofClass: classType, options: options),
            declaration: spec
        )
    }

    /// A declaration with its file list emptied, for the fingerprint.
    private static func withoutChoices(_ spec: JSONValue) -> JSONValue {
        guard case .array(var parts) = spec, !parts.isEmpty else { return spec }
        if case .array = parts[0] { parts[0] = .array([]) }
        if parts.count > 1, case .object(var options) = parts[1], options["options"] != nil {
            options["options"] = .array([])
            parts[1] = .object(options)
        }
        return .array(parts)
    }
}

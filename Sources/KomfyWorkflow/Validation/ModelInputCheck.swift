import KomfyEvents

/// Checks an input that names a model file: an HTTPS URL the policy allows, or a name Komfy's model
/// store has (`knownModels`) or the engine lists for the input. Each accepted value becomes a
/// `ModelReference` for the model-fetcher.
struct ModelInputCheck {
    let rules: ValidationRules

    func check(
        _ id: String, _ input: InputDefinition, _ value: JSONValue, folder: String, choices: [JSONValue],
        refs: inout [ModelReference]
    ) -> ValueCheck {
        guard case .string(let text) = value else {
            return .rejected(.unknownModel(id, input, folder: folder, value: value))
        }
        if Self.looksLikeURL(text) {
            if let problem = rules.modelURLs.problem(with: text) {
                return .rejected(.modelURLRejected(id, input, problem: problem, policy: rules.modelURLs))
            }
            refs.append(ModelReference(nodeID: id, input: input.name, folder: folder, url: text))
            return .accepted(value)
        }
        let known = rules.knownModels[folder]?.contains(text) == true || choices.contains(.string(text))
        guard known, InputFileName.isInsideFolder(value) else {
            return .rejected(.unknownModel(id, input, folder: folder, value: value))
        }
        refs.append(ModelReference(nodeID: id, input: input.name, folder: folder, name: text))
        return .accepted(value)
    }

    /// A value with a scheme (`https://`, `http://`, `s3://`) is a URL, to be judged by the URL
    /// rules; model file names never hold `://`.
    static func looksLikeURL(_ text: String) -> Bool {
        text.contains("://")
    }
}

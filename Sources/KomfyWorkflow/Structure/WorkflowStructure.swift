import KomfyEvents

/// The structural checks of a ComfyUI API-format prompt that need neither I/O nor the node catalog,
/// run by ingest on every submitted job before it is accepted.
///
/// They catch what can be told from the prompt alone: a prompt that is not a node map (or is the
/// canvas "Save" format), malformed nodes, links not shaped `["node_id", output_index]`, links to
/// nodes that do not exist or to outputs a core node does not have, dependency cycles, and a prompt
/// without any output node. Input names, types and values are the validator's business: it has the
/// catalog of the engines that will run the job.
///
/// The output-node rule without the catalog: a prompt fails with `prompt_no_outputs` only when none
/// of its nodes is a known core output node *and* every node's `class_type` is a known core class.
/// A class the core table does not know (a custom node, or a misspelt core node) might be an output
/// node, so such prompts pass here and the validator decides.
///
/// Cycles are reported wherever they are, also among nodes no output depends on (which ComfyUI would
/// skip): the executors' scheduler needs an order for the whole graph, and a loop is always a mistake.
public enum WorkflowStructure {
    /// Checks `prompt` (the value of `"prompt"` in `POST /v1/jobs`, or of ComfyUI's `/prompt`) and
    /// returns every issue found, with the output nodes found along the way.
    public static func check(_ prompt: JSONValue) -> StructureReport {
        guard case .object(let nodes) = prompt else { return rejected(.promptNotObject(prompt)) }
        if isCanvasWorkflow(nodes) { return rejected(.uiFormatWorkflow) }
        if nodes.isEmpty { return rejected(.promptEmpty) }
        var scan = PromptScan(nodes: nodes)
        return scan.report()
    }

    /// ComfyUI's canvas format keeps its graph in top-level `nodes` and `links` arrays; an API-format
    /// prompt has node objects under every key, so it never has both as arrays.
    static func isCanvasWorkflow(_ object: [String: JSONValue]) -> Bool {
        object["nodes"]?.arrayValue != nil && object["links"]?.arrayValue != nil
    }

    private static func rejected(_ issue: StructureIssue) -> StructureReport {
        StructureReport(issues: [issue], outputNodeIDs: [], allClassesKnown: false)
    }
}

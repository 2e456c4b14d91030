import KomfyEvents

/// Which ComfyUI model folder a node input names a file of.
///
/// `/object_info` does not say: a model input is a combo whose choices the engine lists from a folder
/// (`folder_paths.get_filename_list("checkpoints")`), and only the node's Python source names the
/// folder. The validator needs it to accept a model URL in place of a listed file and to tell the
/// model-fetcher where the file goes, so the folders are mapped here, by hand, from the engine's
/// source (`nodes.py` and `comfy_extras`):
/// - input names that mean the same folder in every class (`ckpt_name`, `lora_name`, ...), which
///   custom nodes reuse for the same purpose;
/// - per-class entries for generic names (`model_name`, `name`, `clip_name`) whose folder depends on
///   the class, or which other classes use for something else (API nodes' `model_name` picks a
///   remote model, not a file).
///
/// Only combo inputs are mapped: a `STRING` input that happens to be called `ckpt_name` is text.
/// Textual inversion embeddings are not inputs at all (prompts name them as `embedding:name` inside
/// the text), so they have no entry.
public enum ModelFolders {
    /// The folder of `input` in nodes of `classType`, or `nil` when it does not name a model file.
    public static func folder(forInput input: String, ofClass classType: String) -> String? {
        if let folder = byClassAndInput[classType]?[input] { return folder }
        return byInputName[input]
    }

    /// Input names with one meaning whatever the class.
    public static let byInputName: [String: String] = [
        "ckpt_name": "checkpoints",
        "lora_name": "loras",
        "vae_name": "vae",
        "unet_name": "diffusion_models",
        "clip_name": "text_encoders",
        "clip_name1": "text_encoders",
        "clip_name2": "text_encoders",
        "clip_name3": "text_encoders",
        "clip_name4": "text_encoders",
        "control_net_name": "controlnet",
        "style_model_name": "style_models",
        "gligen_name": "gligen",
        "hypernetwork_name": "hypernetworks",
        "photomaker_model_name": "photomaker",
        "audio_encoder_name": "audio_encoders",
    ]

    /// Class-specific folders, which win over `byInputName`.
    public static let byClassAndInput: [String: [String: String]] = [
        "CLIPVisionLoader": ["clip_name": "clip_vision"],
        "UpscaleModelLoader": ["model_name": "upscale_models"],
        "LatentUpscaleModelLoader": ["model_name": "latent_upscale_models"],
        "ModelPatchLoader": ["name": "model_patches"],
        "CheckpointLoader": ["config_name": "configs"],
        "DiffusersLoader": ["model_path": "diffusers"],
    ]
}

/// Which combo inputs list files of the engine's input directory rather than fixed choices.
///
/// Uploads go to Komfy's input store and the executor rewrites their names, so the engine's own list
/// says nothing about whether a name is valid; ComfyUI itself skips the list check for most of them
/// (their classes validate the file instead). Inputs with an upload widget are recognised by their
/// options (`image_upload`, `video_upload`, ...); the few without one are listed here.
enum InputFiles {
    static let uploadOptions: Set<String> = [
        "upload", "image_upload", "video_upload", "audio_upload", "file_upload", "animated_image_upload",
    ]

    static let byClassAndInput: [String: Set<String>] = [
        "LoadLatent": ["latent"],
        "OpenAIInputFiles": ["file"],
        "GeminiInputFiles": ["file"],
    ]

    static func isInputFile(input: String, ofClass classType: String, options: [String: JSONValue]) -> Bool {
        if byClassAndInput[classType]?.contains(input) == true { return true }
        return options.contains { key, value in uploadOptions.contains(key) && value != .bool(false) && value != .null }
    }
}

// The names other programs and stored state know this package by: the npm package, the resource type
// token in URNs and state, the key of a dynamic resource's serialized provider, and where the built
// implementation that serialized provider loads lives in the package.

export const PACKAGE_NAME = "genesys-subflow-attachment";

/** The `module` and `type` SubflowAttachment passes to `pulumi.dynamic.Resource`. */
export const RESOURCE_MODULE = "genesys";
export const RESOURCE_TYPE_NAME = "SubflowAttachment";
/** The type token `pulumi.dynamic.Resource` registers for that module and type, as URNs and state carry it. */
export const SUBFLOW_ATTACHMENT_TYPE = `pulumi-nodejs:dynamic/${RESOURCE_MODULE}:${RESOURCE_TYPE_NAME}`;

/** The input (and state output) key under which a dynamic resource carries its serialized provider. */
export const PROVIDER_KEY = "__provider";

/**
 * The bundled implementation the serialized shell loads: a subpath of the package (`exports` maps
 * `./provider/*` into dist/) and, with `.js`, a path under this repository's dist/.
 */
export const IMPLEMENTATION_BUNDLE_MODULE = "provider/providerImplementation.bundle";

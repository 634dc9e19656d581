// The library entry point: the resource users declare and the dynamic provider behind it.
export { SubflowAttachment, SubflowAttachmentArgs } from "./subflowAttachment";
export { subflowAttachmentProvider } from "./providerShell";

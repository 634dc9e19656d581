// The Genesys Cloud module's public face: everything the provider needs to talk to an org, and nothing
// else in the project talks to Genesys Cloud. `openGenesys` wires the shared per-process pieces together.

import { ConnectionSettings } from "./connectionSettings";
import { FlowEditor, FlowEditorOptions, getFlowEditor } from "./flowEditor";
import { FlowsApi, FlowsApiOptions, getFlowsApi } from "./flowsApi";
import { ConnectionOptions, GenesysConnection, getConnection } from "./genesysConnection";

export * from "./connectionSettings";
export * from "./errors";
export * from "./flowEditor";
export * from "./flowsApi";
export * from "./genesysConnection";
export * from "./retryPolicy";

export interface GenesysOptions {
  connection?: ConnectionOptions;
  flows?: FlowsApiOptions;
  editor?: FlowEditorOptions;
}

export interface Genesys {
  connection: GenesysConnection;
  flows: FlowsApi;
  editor: FlowEditor;
}

/** The process-wide connection, flow proxy and group-commit editor for these settings (options apply on first use). */
export function openGenesys(settings: ConnectionSettings, options: GenesysOptions = {}): Genesys {
  const connection = getConnection(settings, options.connection);
  const flows = getFlowsApi(connection, options.flows);
  return { connection, flows, editor: getFlowEditor(flows, options.editor) };
}

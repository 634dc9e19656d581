// The face the provider uses: one object per org and client in this process that reads, looks up,
// edits (group commit) and publishes flows, over the shared connection, proxy and editor.

import { Flow } from "../flowModel";
import { ConnectionSettings } from "./connectionSettings";
import { FlowNotFoundError } from "./errors";
import { EditOutcome, FlowEdit, FlowEditor, FlowEditorOptions, getFlowEditor } from "./flowEditor";
import { FindFlowOptions, FlowsApi, FlowsApiOptions, GetFlowOptions, getFlowsApi, ListedFlow } from "./flowsApi";
import { ConnectionOptions, GenesysConnection, getConnection } from "./genesysConnection";

export interface FlowsGatewayOptions {
  connection?: ConnectionOptions;
  flows?: FlowsApiOptions;
  editor?: FlowEditorOptions;
}

export class FlowsGateway {
  constructor(
    readonly connection: GenesysConnection,
    private readonly flows: FlowsApi,
    private readonly editor: FlowEditor,
  ) {}

  /** The flow, or undefined when it is gone; shared with concurrent identical reads and reused for a few seconds unless `fresh`. */
  readFlow(flowId: string, options?: GetFlowOptions): Promise<Flow | undefined> {
    return this.flows.getFlow(flowId, options);
  }

  /** The one flow named exactly `name` (every page searched), as listed: no graph, schemas included. */
  lookupFlow(name: string, options?: FindFlowOptions): Promise<ListedFlow> {
    return this.flows.findFlowByName(name, options);
  }

  /** Group-committed, verified read-modify-write of one flow (see `FlowEditor.editFlow`). */
  editFlow<T>(flowId: string, edit: FlowEdit<T>): Promise<EditOutcome<T>> {
    return this.editor.editFlow(flowId, edit);
  }

  /** Publishes the flow's saved version and returns the flow as it is afterwards. */
  async publishFlow(flowId: string): Promise<Flow> {
    await this.flows.publishFlow(flowId);
    const flow = await this.flows.getFlow(flowId, { fresh: true });
    if (!flow) {
      throw new FlowNotFoundError(flowId);
    }
    return flow;
  }
}

const gateways = new WeakMap<GenesysConnection, FlowsGateway>();

/** The process-wide gateway for these settings; options apply when its connection is first created. */
export function flowsGatewayFor(settings: ConnectionSettings, options: FlowsGatewayOptions = {}): FlowsGateway {
  const connection = getConnection(settings, options.connection);
  let gateway = gateways.get(connection);
  if (!gateway) {
    const flows = getFlowsApi(connection, options.flows);
    gateway = new FlowsGateway(connection, flows, getFlowEditor(flows, options.editor));
    gateways.set(connection, gateway);
  }
  return gateway;
}

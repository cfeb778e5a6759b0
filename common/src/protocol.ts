/** The custom messages between the MQTT Workbench client and language server, typed once for both sides. */
import { NotificationType } from 'vscode-languageserver-protocol';

/** Files named by `acl_file` in the workspace's configs, as `file:` URIs: the client opens them as ACL documents. */
export interface AclFilesParams {
  uris: string[];
}

/** Server → client: the ACL files known so far (the whole set, each time it grows). */
export const AclFilesNotification = new NotificationType<AclFilesParams>('mqttWorkbench/aclFiles');

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// The language server's entry point (dist/server.js). The transport comes from
// the command line: --stdio for any editor, --node-ipc when VS Code starts it.
const connection = createConnection(ProposedFeatures.all);
startServer(connection);
connection.listen();

import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { startServer } from './server';

// The language server's entry point (dist/server.js). The transport comes from
// the command line: --stdio for any editor, --node-ipc when VS Code starts it.
const connection = process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all);
startServer(connection);
connection.listen();

/**
 * Over stdio, messages are framed by a Content-Length header. After a frame
 * whose header is broken the reader has lost the framing: every later message
 * would be read from the wrong place, and the server would live on without
 * hearing anything. It says why and exits instead, so the editor restarts it.
 */
function stdioConnection() {
  const reader = new StreamMessageReader(process.stdin);
  const writer = new StreamMessageWriter(process.stdout);
  reader.onError((error) => {
    if (!/Content-Length/i.test(error.message)) return;
    process.stderr.write(
      `asynclint: the editor sent a message with a broken header, so the framing of every later message is lost; exiting so that the editor restarts the server (${error.message.split('\n')[0]})\n`,
    );
    process.exit(2);
  });
  return createConnection(ProposedFeatures.all, reader, writer);
}

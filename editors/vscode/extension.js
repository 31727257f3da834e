// The minis-py extension: a thin client that starts `minis-py server` (the language server) and hands it the files it
// checks. Everything else (the checks, the fixes, the settings' meaning) is the server's: docs/commands/server.md.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

const SECTION = 'minis-py';
const LANGUAGES = ['html', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'vue', 'svelte'];
// The files the project-level rules read, whatever language VS Code gives them.
const CONFIG_FILES = '**/{package.json,minis.config.json,minigame.config.json,project.config.json,game.json}';

let client;

function documentSelector() {
  return [
    ...LANGUAGES.map((language) => ({ scheme: 'file', language })),
    { scheme: 'file', pattern: CONFIG_FILES },
    { scheme: 'file', pattern: '**/.env*' },
  ];
}

function serverOptions() {
  const command = vscode.workspace.getConfiguration(SECTION).get('path') || 'minis-py';
  // TransportKind.stdio adds --stdio, which `minis-py server` accepts
  return { command, args: ['server'], transport: TransportKind.stdio };
}

async function start(context) {
  client = new LanguageClient(SECTION, 'minis-py', serverOptions(), {
    documentSelector: documentSelector(),
    // the server asks for the minis-py section per workspace folder (workspace/configuration) and is told of changes
    synchronize: {
      configurationSection: SECTION,
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{package.json,minis.config.json,minigame.config.json,project.config.json,game.json,.env*}'),
    },
  });
  context.subscriptions.push(client);
  await client.start();
}

async function activate(context) {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration(`${SECTION}.path`) && client) {
        await client.stop();
        await start(context);
      }
    })
  );
  try {
    await start(context);
  } catch (error) {
    vscode.window.showErrorMessage(
      `minis-py: could not start \`${serverOptions().command} server\` (${error.message || error}). Install it with pip install 'minis-py[server]', or set minis-py.path.`
    );
  }
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };

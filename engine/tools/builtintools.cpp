// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools/commandtool.h"
#include "tools/filetools.h"

std::vector<std::unique_ptr<Tool>> builtInTools()
{
    std::vector<std::unique_ptr<Tool>> tools;
    tools.push_back(std::make_unique<ReadFileTool>());
    tools.push_back(std::make_unique<ListDirectoryTool>());
    tools.push_back(std::make_unique<SearchFilesTool>());
    tools.push_back(std::make_unique<WriteFileTool>());
    tools.push_back(std::make_unique<RunCommandTool>());
    return tools;
}

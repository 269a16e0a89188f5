-- Nothing runs until require('nianbao').setup({...}) is called (see lua/nianbao/init.lua).
if vim.g.loaded_nianbao then return end
vim.g.loaded_nianbao = true

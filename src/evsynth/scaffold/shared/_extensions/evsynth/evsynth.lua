-- Shortcodes that bring the pipeline's tables and figures into a chapter:
--
--   {{< evsynth-table characteristics >}}  ->  _outputs/tables/characteristics-<lang>.md
--   {{< evsynth-figure forest >}}          ->  _outputs/figures/forest-<lang>.html (HTML)
--                                              _outputs/figures/forest-<lang>.png  (PDF, DOCX; drawn
--                                              when first asked for, so an HTML render never waits)
--   {{< evsynth-text audit >}}             ->  _outputs/text/audit-<lang>.md (a paragraph chosen by the data)
--
-- A figure or table the run did not write (its data are not given yet, or too many rows)
-- becomes the values' note `figure_not_drawn` / `table_not_written` in the page's language,
-- so a review in progress renders. The run writes every output this book's chapters ask for
-- (tests/test_book.py), so the note never stands in for one of them.
--
-- Why shortcodes and not {{< include >}}: Quarto expands includes before the pre-render
-- step has written _outputs/, while shortcodes run after it. <lang> is the page's own
-- language (each profile sets `lang`), so both languages' chapters say the same thing.
-- A cross-reference label cannot live in what a shortcode returns: the chapter wraps the
-- shortcode in its own captioned div (::: {#fig-forest} ... :::).

local function output_path(...)
  return pandoc.path.join({ quarto.project.directory, "_outputs", ... })
end

local function exists(path)
  local file = io.open(path, "r")
  if file == nil then return false end
  file:close()
  return true
end

local function read(path)
  local file = io.open(path, "r")
  if file == nil then
    error("evsynth: " .. path .. " is missing; the pre-render step ('evsynth run') writes it")
  end
  local content = file:read("a")
  file:close()
  return content
end

local function stem(args, meta)
  return pandoc.utils.stringify(args[1]) .. "-" .. pandoc.utils.stringify(meta.lang)
end

-- Generated tables carry text from data files: read them as Markdown without raw HTML,
-- raw TeX or citations, so a cell can only ever be text in a table.
local TABLE_MARKDOWN = "markdown-raw_html-raw_tex-raw_attribute-citations-native_divs-native_spans"

-- the note for this output when the values have one of its own (`figure_not_drawn_prisma`), else the general one
local function not_written(meta, key, name)
  local own = meta.values[key .. "_" .. name]
  local note = pandoc.utils.stringify(own ~= nil and own or meta.values[key])
  return pandoc.Div(pandoc.Para({ pandoc.Emph({ pandoc.Str(note) }) }), pandoc.Attr("", { "evsynth-not-drawn" }))
end

local function evsynth_table(args, _, meta)
  local path = output_path("tables", stem(args, meta) .. ".md")
  if not exists(path) then
    return not_written(meta, "table_not_written", pandoc.utils.stringify(args[1]))
  end
  return pandoc.read(read(path), TABLE_MARKDOWN).blocks
end

local function evsynth_text(args, _, meta)
  return pandoc.read(read(output_path("text", stem(args, meta) .. ".md")), TABLE_MARKDOWN).blocks
end

-- The pre-render step runs the pipeline without PNGs, which an HTML book does not show; the
-- first PDF or DOCX figure to need one has the run add them all (evsynth static-figures), with
-- the Python that made the run, which the run's manifest names.
local function add_static_figures()
  local manifest = quarto.json.decode(read(output_path("run.json")))
  local ok, err = pcall(pandoc.pipe, manifest.python,
    { "-m", "evsynth", "static-figures", "--out", output_path() }, "")
  if not ok then
    error("evsynth: the figures' PNGs could not be drawn ('evsynth static-figures' failed): " .. tostring(err))
  end
end

local function evsynth_figure(args, _, meta)
  local name = stem(args, meta)
  if not exists(output_path("figures", name .. ".json")) then
    return not_written(meta, "figure_not_drawn", pandoc.utils.stringify(args[1]))
  end
  if quarto.doc.is_format("html") then
    -- plotly.js as an ordinary <script src>, only on the pages that draw a figure
    quarto.doc.add_html_dependency({ name = "plotly", scripts = { output_path("figures", "plotly.min.js") } })
    -- and the figure on a page of its own, at full size: on a phone, a tap away from a diagram
    -- too wide for the screen (the book's resources publish it)
    local page = pandoc.path.make_relative(output_path("figures", name .. ".standalone.html"),
      pandoc.path.directory(quarto.doc.input_file), true)
    local full_size = pandoc.Para({ pandoc.Link(pandoc.utils.stringify(meta.values.figure_full_size), page) })
    return { pandoc.RawBlock("html", read(output_path("figures", name .. ".html"))),
      pandoc.Div(full_size, pandoc.Attr("", { "evsynth-figure-full-size" })) }
  end
  local sidecar = quarto.json.decode(read(output_path("figures", name .. ".json")))
  if not exists(output_path("figures", name .. ".png")) then
    add_static_figures()
  end
  local image = pandoc.path.make_relative(output_path("figures", name .. ".png"),
    pandoc.path.directory(quarto.doc.input_file), true)
  return pandoc.Para({ pandoc.Image({}, image, "", pandoc.Attr("", {}, { { "fig-alt", sidecar.alt } })) })
end

return {
  ["evsynth-table"] = evsynth_table,
  ["evsynth-figure"] = evsynth_figure,
  ["evsynth-text"] = evsynth_text,
}

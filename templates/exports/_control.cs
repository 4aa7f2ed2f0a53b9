<?cs # The Export control of a list (ExportList): posts the list's current query string (Page.query), which
  the export reads through the list's own query table, or the fixed filters ExportFilter.* when given. ?>
<form method="post" action="/exports" class="export-control" id="export-<?cs var:ExportList ?>">
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <input type="hidden" name="list" value="<?cs var:ExportList ?>">
<?cs if:subcount(ExportFilter) ?><?cs each:f = ExportFilter ?>  <input type="hidden" name="<?cs name:f ?>" value="<?cs var:f ?>">
<?cs /each ?><?cs else ?>  <input type="hidden" name="query" value="<?cs var:Page.query ?>">
<?cs /if ?>  <span class="muted"><?cs var:Lang.exp.export ?>:</span>
  <button type="submit" name="format" value="csv" class="link export-csv" id="export-<?cs var:ExportList ?>-csv">CSV</button>
  <button type="submit" name="format" value="xlsx" class="link export-xlsx" id="export-<?cs var:ExportList ?>-xlsx">XLSX</button>
</form>

<?cs # The Export control of a list: posts the list's current filters (ExportFilter.*) with the chosen format. ?>
<form method="post" action="/exports" class="export-control" id="export-control">
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <input type="hidden" name="list" value="<?cs var:ExportList ?>">
<?cs each:f = ExportFilter ?>  <input type="hidden" name="<?cs name:f ?>" value="<?cs var:f ?>">
<?cs /each ?>  <span class="muted"><?cs var:Lang.exp.export ?>:</span>
  <button type="submit" name="format" value="csv" class="link" id="export-csv">CSV</button>
  <button type="submit" name="format" value="xlsx" class="link" id="export-xlsx">XLSX</button>
</form>

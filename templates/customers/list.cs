<?cs set:Page.title = Lang.customer.list_title ?><?cs include:"layout/header.cs" ?>
<div class="titlebar">
  <h1><?cs var:Lang.customer.list_title ?></h1>
  <?cs if:Page.can_create ?><a class="button primary" href="/customers/new" id="new-customer"><?cs var:Lang.customer.new ?></a><?cs /if ?>
</div>
<form method="get" action="/customers" class="filters card" id="customer-filters">
  <div class="filter-row">
    <label><?cs var:Lang.customer.search ?> <input type="search" name="q" value="<?cs var:Filter.q ?>" placeholder="<?cs var:Lang.customer.search_hint ?>"></label>
    <label><?cs var:Lang.customer.intent ?>
      <select name="intent"><option value=""><?cs var:Lang.common.any ?></option>
        <option value="high"<?cs if:Filter.intent == "high" ?> selected<?cs /if ?>><?cs var:Lang.intent.high ?></option>
        <option value="medium"<?cs if:Filter.intent == "medium" ?> selected<?cs /if ?>><?cs var:Lang.intent.medium ?></option>
        <option value="low"<?cs if:Filter.intent == "low" ?> selected<?cs /if ?>><?cs var:Lang.intent.low ?></option>
      </select></label>
    <label><?cs var:Lang.customer.segment ?>
      <select name="segment"><option value=""><?cs var:Lang.common.any ?></option>
        <option value="new"<?cs if:Filter.segment == "new" ?> selected<?cs /if ?>><?cs var:Lang.segment.new ?></option>
        <option value="existing"<?cs if:Filter.segment == "existing" ?> selected<?cs /if ?>><?cs var:Lang.segment.existing ?></option>
        <option value="key"<?cs if:Filter.segment == "key" ?> selected<?cs /if ?>><?cs var:Lang.segment.key ?></option>
      </select></label>
    <label><?cs var:Lang.customer.stage ?>
      <select name="stage"><option value=""><?cs var:Lang.common.any ?></option>
        <option value="1"<?cs if:Filter.stage == "1" ?> selected<?cs /if ?>><?cs var:Lang.stage.1 ?></option>
        <option value="2"<?cs if:Filter.stage == "2" ?> selected<?cs /if ?>><?cs var:Lang.stage.2 ?></option>
        <option value="3"<?cs if:Filter.stage == "3" ?> selected<?cs /if ?>><?cs var:Lang.stage.3 ?></option>
        <option value="4"<?cs if:Filter.stage == "4" ?> selected<?cs /if ?>><?cs var:Lang.stage.4 ?></option>
        <option value="5"<?cs if:Filter.stage == "5" ?> selected<?cs /if ?>><?cs var:Lang.stage.5 ?></option>
        <option value="6"<?cs if:Filter.stage == "6" ?> selected<?cs /if ?>><?cs var:Lang.stage.6 ?></option>
      </select></label>
    <label><?cs var:Lang.customer.owner ?>
      <select name="owner"><option value=""><?cs var:Lang.common.any ?></option>
<?cs each:o = Choices.owners ?>        <option value="<?cs var:o.id ?>"<?cs if:o.id == Filter.owner ?> selected<?cs /if ?>><?cs var:o.name ?> (<?cs var:o.team ?>)</option>
<?cs /each ?>      </select></label>
    <label class="check"><input type="checkbox" name="overdue" value="1"<?cs if:Filter.overdue ?> checked<?cs /if ?>> <?cs var:Lang.customer.overdue_only ?></label>
    <label><?cs var:Lang.customer.sort ?>
      <select name="sort">
        <option value="name"<?cs if:Filter.sort == "name" ?> selected<?cs /if ?>><?cs var:Lang.customer.sort_name ?></option>
        <option value="updated"<?cs if:Filter.sort == "updated" ?> selected<?cs /if ?>><?cs var:Lang.customer.sort_updated ?></option>
        <option value="follow"<?cs if:Filter.sort == "follow" ?> selected<?cs /if ?>><?cs var:Lang.customer.sort_follow ?></option>
      </select></label>
    <button type="submit"><?cs var:Lang.common.filter ?></button>
  </div>
</form>
<?cs set:ExportList = "customers" ?><?cs include:"exports/_control.cs" ?>
<p class="muted" id="customer-count"><?cs var:Lang.customer.count ?> <span id="count-value"><?cs var:Page.count ?><?cs if:Page.count_more ?>+<?cs /if ?></span></p>
<div class="table-wrap">
<table class="list" id="customers">
  <thead><tr>
    <th><?cs var:Lang.customer.name ?></th><th><?cs var:Lang.customer.industry ?></th><th><?cs var:Lang.customer.segment ?></th>
    <th><?cs var:Lang.customer.intent ?></th><th><?cs var:Lang.customer.stage ?></th><th><?cs var:Lang.customer.owner ?></th>
    <th><?cs var:Lang.customer.next_follow_up ?></th><th><?cs var:Lang.customer.budget_recorded ?></th>
  </tr></thead>
  <tbody>
<?cs each:c = Customers ?>
    <tr data-customer-id="<?cs var:c.id ?>">
      <td><a href="/customers/<?cs var:c.id ?>"><?cs var:c.name ?></a></td>
      <td><?cs var:c.industry ?></td>
      <td><?cs var:c.segment ?></td>
      <td><span class="badge intent-<?cs var:c.intent_code ?>"><?cs var:c.intent ?></span></td>
      <td><?cs var:c.stage ?></td>
      <td><?cs var:c.owner ?> <span class="muted">(<?cs var:c.team ?>)</span></td>
      <td<?cs if:c.overdue ?> class="overdue"<?cs /if ?>><?cs var:c.next ?><?cs if:c.overdue ?> <span class="badge warn"><?cs var:Lang.customer.overdue ?></span><?cs /if ?></td>
      <td><?cs if:c.budget_recorded == "1" ?><?cs var:Lang.common.yes ?><?cs else ?><?cs var:Lang.common.no ?><?cs /if ?></td>
    </tr>
<?cs /each ?>
  </tbody>
</table>
<?cs if:!subcount(Customers) ?><p class="empty"><?cs var:Lang.customer.none_found ?></p><?cs /if ?>
</div>
<?cs if:Page.next_after ?><p><a id="next-page" href="/customers?q=<?cs var:url_escape(Filter.q) ?>&amp;intent=<?cs var:Filter.intent ?>&amp;segment=<?cs var:Filter.segment ?>&amp;stage=<?cs var:Filter.stage ?>&amp;owner=<?cs if:Filter.owner != "0" ?><?cs var:Filter.owner ?><?cs /if ?>&amp;team=<?cs if:Filter.team != "0" ?><?cs var:Filter.team ?><?cs /if ?>&amp;overdue=<?cs var:Filter.overdue ?>&amp;sort=<?cs var:Filter.sort ?>&amp;after=<?cs var:Page.next_after ?>"><?cs var:Lang.common.next_page ?></a></p><?cs /if ?>
<?cs include:"layout/footer.cs" ?>

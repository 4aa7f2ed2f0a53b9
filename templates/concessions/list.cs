<?cs set:Page.title = Lang.conc.list_title ?><?cs include:"layout/header.cs" ?>
<div class="titlebar">
  <h1><?cs var:Lang.conc.list_title ?></h1>
</div>
<form method="get" action="/concessions" class="card" id="conc-filters">
<?cs if:Filter.opportunity ?>  <input type="hidden" name="opportunity" value="<?cs var:Filter.opportunity ?>">
<?cs /if ?>  <label for="f-state"><?cs var:Lang.conc.state_label ?></label>
  <select id="f-state" name="state">
    <option value=""><?cs var:Lang.conc.any_state ?></option>
<?cs each:c = Choices.state ?>    <option value="<?cs var:c.value ?>"<?cs if:c.value == Filter.state ?> selected<?cs /if ?>><?cs var:c.label ?></option>
<?cs /each ?>  </select>
  <label><input type="checkbox" name="mine" value="1" id="f-mine"<?cs if:Filter.mine ?> checked<?cs /if ?>> <?cs var:Lang.conc.mine ?></label>
  <button type="submit" id="filter"><?cs var:Lang.conc.filter ?></button>
</form>
<?cs set:ExportList = "concessions" ?><?cs include:"exports/_control.cs" ?>
<?cs if:subcount(Concs) ?>
<div class="table-wrap">
<table class="list" id="concessions">
  <thead><tr>
    <th>#</th><th><?cs var:Lang.conc.customer ?></th><th><?cs var:Lang.conc.opportunity ?></th><th><?cs var:Lang.conc.term_label ?></th>
    <th><?cs var:Lang.conc.requested_value ?></th><th><?cs var:Lang.conc.amount ?></th><th><?cs var:Lang.conc.cumulative ?></th>
    <th><?cs var:Lang.conc.state_label ?></th><th><?cs var:Lang.conc.requester ?></th><th><?cs var:Lang.conc.created ?></th>
  </tr></thead>
  <tbody>
<?cs each:x = Concs ?>
    <tr data-concession-id="<?cs var:x.id ?>" data-state="<?cs var:x.state ?>">
      <td><a href="/concessions/<?cs var:x.id ?>"><?cs var:x.id ?></a></td>
      <td><a href="/customers/<?cs var:x.customer_id ?>"><?cs var:x.customer_name ?></a></td>
      <td><a href="/opportunities/<?cs var:x.opportunity_id ?>"><?cs var:x.opportunity_title ?></a></td>
      <td><?cs var:x.term ?></td>
      <td><?cs var:x.requested_value ?></td>
      <td class="num"><?cs var:x.amount ?> (<?cs var:x.discount ?>)</td>
      <td class="num"><?cs var:x.cumulative ?></td>
      <td><?cs var:x.state_label ?><?cs if:x.urgency == "green" ?> <span class="badge warn"><?cs var:Lang.conc.green_badge ?></span><?cs /if ?></td>
      <td><?cs var:x.requester ?></td>
      <td><?cs var:x.created ?></td>
    </tr>
<?cs /each ?>
  </tbody>
</table>
</div>
<?cs else ?>
<p class="muted" id="no-concessions"><?cs var:Lang.conc.none_listed ?></p>
<?cs /if ?>
<p class="hint"><?cs var:Lang.conc.new_hint ?></p>
<?cs if:Page.next_after ?><p><a id="next-page" href="/concessions?after=<?cs var:url_escape(Page.next_after) ?><?cs if:Filter.state ?>&amp;state=<?cs var:url_escape(Filter.state) ?><?cs /if ?><?cs if:Filter.mine ?>&amp;mine=1<?cs /if ?><?cs if:Filter.opportunity ?>&amp;opportunity=<?cs var:url_escape(Filter.opportunity) ?><?cs /if ?>"><?cs var:Lang.common.next_page ?></a></p><?cs /if ?>
<?cs include:"layout/footer.cs" ?>

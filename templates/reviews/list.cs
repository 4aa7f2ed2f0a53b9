<?cs set:Page.title = Lang.review.list_title ?><?cs include:"layout/header.cs" ?>
<div class="titlebar">
  <h1><?cs var:Lang.review.list_title ?></h1>
  <a class="button" href="/tactics" id="to-tactics"><?cs var:Lang.review.tactics_link ?></a>
</div>
<form method="get" action="/reviews" class="card" id="review-filters">
  <label for="f-status"><?cs var:Lang.opp.status ?></label>
  <select id="f-status" name="status">
    <option value=""><?cs var:Lang.opp.any_status ?></option>
    <option value="won"<?cs if:Filter.status == "won" ?> selected<?cs /if ?>><?cs var:Lang.opp.status_won ?></option>
    <option value="lost"<?cs if:Filter.status == "lost" ?> selected<?cs /if ?>><?cs var:Lang.opp.status_lost ?></option>
  </select>
  <button type="submit" id="filter"><?cs var:Lang.opp.filter ?></button>
</form>
<?cs if:subcount(Reviews) ?>
<div class="table-wrap">
<table class="list" id="reviews">
  <thead><tr><th><?cs var:Lang.opp.name ?></th><th><?cs var:Lang.opp.customer ?></th><th><?cs var:Lang.opp.status ?></th>
    <th><?cs var:Lang.review.closed ?></th><th><?cs var:Lang.opp.owner ?></th><th><?cs var:Lang.review.signed_by ?></th></tr></thead>
  <tbody>
<?cs each:o = Reviews ?>    <tr data-opportunity-id="<?cs var:o.id ?>" data-status="<?cs var:o.status ?>" data-signed="<?cs var:o.signed ?>">
      <td><a href="/reviews/<?cs var:o.id ?>"><?cs var:o.title ?></a></td>
      <td><a href="/customers/<?cs var:o.customer_id ?>"><?cs var:o.customer ?></a></td>
      <td><?cs var:o.status_label ?></td><td><?cs var:o.closed ?></td><td><?cs var:o.owner ?></td>
      <td><?cs if:o.signed == "1" ?><?cs var:o.signed_by ?><?cs else ?><span class="badge warn"><?cs var:Lang.review.not_signed ?></span><?cs /if ?></td>
    </tr>
<?cs /each ?>  </tbody>
</table>
</div>
<?cs if:Page.next_after ?><p><a href="/reviews?<?cs if:Filter.status ?>status=<?cs var:Filter.status ?>&amp;<?cs /if ?>after=<?cs var:Page.next_after ?>" id="next-page"><?cs var:Lang.review.next ?></a></p><?cs /if ?>
<?cs else ?>
<p class="card" id="no-reviews"><?cs var:Lang.review.none ?></p>
<?cs /if ?>
<?cs include:"layout/footer.cs" ?>

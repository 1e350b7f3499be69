def test_home_lists_lessons_to_observe_and_ones_own_in_one_query(
    client, school, teacher, peer, rf, django_assert_num_queries
):
    from django_scopes import scope

    from kombel.observations.queries import home_panel
    from tests.factories.observations import planned

    planned(teacher=teacher, observers=[peer], subject="IPA")
    client.force_login(peer)
    _template, panel = client.get("/").context["panels"]["observations.mine"]
    assert [(o.teacher, o.subject) for o in panel["to_observe"]] == [(teacher, "IPA")]
    assert panel["mine"] == []
    client.force_login(teacher)
    _template, panel = client.get("/").context["panels"]["observations.mine"]
    assert ([o.subject for o in panel["mine"]], panel["to_observe"]) == (["IPA"], [])
    request = rf.get("/")
    request.user = peer
    with scope(school=[school.pk]), django_assert_num_queries(1):
        home_panel(request, [school])

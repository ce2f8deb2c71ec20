def test_client_for_signs_in_without_a_password(client_for, make):
    user = make.user("viewer")
    page = client_for(user).get("/")
    assert page.status_code == 200 and user.display_name in page.get_data(as_text=True)

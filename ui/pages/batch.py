import streamlit as st

st.title("batch")
